using Ca.Core.Authorities;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Timestamping;

/// <summary>
/// Builds TSA certificates. RFC 3161 2.3 requires a critical extendedKeyUsage holding only
/// id-kp-timeStamping, and verifiers (OpenSSL, BouncyCastle) refuse tokens from any other certificate.
/// </summary>
public static class TsaCertificateBuilder
{
    /// <summary>The default lifetime: short, because every token's trust rests on this key.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    /// <summary>Issues a TSA certificate from <paramref name="issuer"/>; notAfter is clamped to the CA's.</summary>
    /// <param name="issuer">The issuing CA.</param>
    /// <param name="subject">The TSA's name, also printed as the token's <c>tsa</c> field.</param>
    /// <param name="publicKey">The TSA key.</param>
    /// <param name="notBefore">Validity start.</param>
    /// <param name="validity">Lifetime; <see cref="DefaultValidity"/> when null.</param>
    /// <param name="urls">Where relying parties find the CRL, OCSP and the issuer certificate.</param>
    /// <param name="policyOids">certificatePolicies; <see cref="Profiles.ServicePolicyOids.TimeStampingCertificate"/> when null.</param>
    public static X509Certificate Build(
        CertificateAuthority issuer,
        X509Name subject,
        SubjectPublicKeyInfo publicKey,
        DateTimeOffset notBefore,
        TimeSpan? validity,
        PublicUrls urls,
        IReadOnlyList<string>? policyOids = null)
    {
        var notAfter = notBefore + (validity ?? DefaultValidity);
        if (notAfter > issuer.NotAfter)
        {
            notAfter = issuer.NotAfter;
        }

        if (notAfter <= notBefore)
        {
            throw CaException.Conflict("issuer-expired", "The issuing CA expires before the TSA certificate would start.");
        }

        var generator = IssuedCertificateGenerator.Create(issuer, subject, publicKey, SerialNumber.NewRandom(), notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
        generator.AddKeyIdentifiers(issuer, publicKey);
        generator.AddExtension(X509Extensions.CrlDistributionPoints, false, CertificateExtensions.DistributionPoints(urls.Crl(issuer.Id)));
        generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, CertificateExtensions.AuthorityInformationAccess(urls.CaCertificate(issuer.Id), urls.Ocsp));
        var policies = policyOids ?? [Profiles.ServicePolicyOids.TimeStampingCertificate];
        generator.AddPolicies(policies);
        return generator.Sign(issuer, new Issuance.Linting.LintProfile(Issuance.Linting.CertificateKind.TimeStamping, false, policies));
    }
}
