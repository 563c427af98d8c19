using Ca.Core.Common;
using Ca.Core.Issuance.Linting;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Authorities;

/// <summary>
/// What every certificate a CA issues has in common (subordinate CAs, subscribers, TSA and OCSP
/// responders): the issuer name and the authority key identifier both come from the issuing CA's own
/// certificate (RFC 5280 4.1.2.4, 4.2.1.1), so the two can never point at different CAs.
/// </summary>
public static class IssuedCertificateGenerator
{
    /// <summary>A generator with serial, issuer, subject, validity and public key set; the extensions are the caller's.</summary>
    public static X509V3CertificateGenerator Create(CertificateAuthority issuer, X509Name subject, SubjectPublicKeyInfo publicKey, SerialNumber serial, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial.Value);
        generator.SetIssuerDN(issuer.Certificate.SubjectDN);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetSubjectPublicKeyInfo(publicKey);
        return generator;
    }

    /// <summary>
    /// Signs with the issuer's key after the pre-issuance lint has passed the TBS for
    /// <paramref name="lint"/>; a certificate breaking a rule is never signed (422 lint-failed).
    /// </summary>
    public static X509Certificate Sign(this X509V3CertificateGenerator generator, CertificateAuthority issuer, LintProfile lint) =>
        generator.Generate(new LintingSignatureFactory(issuer.Key.SignatureFactory, lint, issuer.Certificate));

    /// <summary>certificatePolicies with one PolicyInformation per OID, without qualifiers (RFC 5280 4.2.1.4 recommends none).</summary>
    public static void AddPolicies(this X509V3CertificateGenerator generator, IReadOnlyList<string> policyOids)
    {
        if (policyOids.Count > 0)
        {
            generator.AddExtension(X509Extensions.CertificatePolicies, false,
                new CertificatePolicies(policyOids.Select(o => new PolicyInformation(new Org.BouncyCastle.Asn1.DerObjectIdentifier(o))).ToArray()));
        }
    }

    /// <summary>subjectKeyIdentifier of the new key and authorityKeyIdentifier naming the issuer's key.</summary>
    public static void AddKeyIdentifiers(this X509V3CertificateGenerator generator, CertificateAuthority issuer, SubjectPublicKeyInfo publicKey)
    {
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, KeyIdentifiers.SubjectKeyIdentifierFor(publicKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuer.SubjectKeyIdentifier.GetKeyIdentifier()));
    }
}
