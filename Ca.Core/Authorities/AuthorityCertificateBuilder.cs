using Ca.Core.Common;
using Ca.Core.Issuance.Linting;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Authorities;

/// <summary>
/// Builds CA certificates: critical basicConstraints with cA, critical keyUsage keyCertSign|cRLSign,
/// SKI, and for subordinates AKI, CRL distribution point and caIssuers pointing at the parent.
/// </summary>
public static class AuthorityCertificateBuilder
{
    /// <summary>A self-signed root.</summary>
    public static X509Certificate BuildRoot(X509Name subject, ISigningKey key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(SerialNumber.NewRandom().Value);
        generator.SetIssuerDN(subject);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetSubjectPublicKeyInfo(key.PublicKeyInfo);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, KeyIdentifiers.SubjectKeyIdentifierFor(key.PublicKeyInfo));
        return generator.Generate(new LintingSignatureFactory(key.SignatureFactory, LintProfile.Root, issuer: null));
    }

    /// <summary>A subordinate (issuing) CA signed by <paramref name="parent"/>; validity is clamped to the parent's.</summary>
    public static X509Certificate BuildSubordinate(
        CertificateAuthority parent,
        X509Name subject,
        SubjectPublicKeyInfo publicKey,
        int pathLength,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        PublicUrls urls)
    {
        if (notAfter > parent.NotAfter)
        {
            notAfter = parent.NotAfter;
        }

        var generator = IssuedCertificateGenerator.Create(parent, subject, publicKey, SerialNumber.NewRandom(), notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(pathLength));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature));
        generator.AddKeyIdentifiers(parent, publicKey);
        generator.AddExtension(X509Extensions.CertificatePolicies, false, new CertificatePolicies(new PolicyInformation(new Org.BouncyCastle.Asn1.DerObjectIdentifier("2.5.29.32.0"))));
        generator.AddExtension(X509Extensions.CrlDistributionPoints, false, CertificateExtensions.DistributionPoints(urls.Crl(parent.Id)));
        generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, CertificateExtensions.AuthorityInformationAccess(urls.CaCertificate(parent.Id), ocspUrl: null));
        return generator.Sign(parent, LintProfile.SubordinateCa);
    }
}
