using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Issuance.Linting;

/// <summary>
/// Rules of the certificate's purpose beyond RFC 5280: it fits inside its issuer, names the policies
/// its profile promises, and OCSP-responder, TSA and e-mail certificates are what RFC 6960, RFC 3161
/// and S/MIME clients require.
/// </summary>
internal static class ServiceRules
{
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";

    public static IEnumerable<LintRule> All { get; } =
    [
        new("ca.validity.within-issuer", "The certificate is not valid beyond its issuer (a path through it would fail RFC 5280 6.1.3 after the CA expires).", c => c.Issuer is not null, c =>
            c.Tbs.EndDate.ToDateTime() <= c.Issuer!.NotAfter.ToUniversalTime() ? null : $"notAfter {c.Tbs.EndDate.ToDateTime():O} is after the issuer's {c.Issuer.NotAfter:O}."),
        new("ca.policies.profile-oids", "certificatePolicies carries every policy OID the profile promises.", c => c.Profile.PolicyOids.Count > 0, c =>
        {
            var missing = c.Profile.PolicyOids.Except(c.PolicyOids ?? []).ToList();
            return missing.Count == 0 ? null : $"certificatePolicies lacks {string.Join(", ", missing)}.";
        }),
        new("rfc6960.4.2.2.2.ocsp-signing", "An OCSP responder certificate has extendedKeyUsage id-kp-OCSPSigning, digitalSignature and id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2, 4.2.2.2.1).", c => c.Kind == CertificateKind.OcspResponder, c =>
            c.ExtendedKeyUsages?.Contains(OcspSigning) != true ? "id-kp-OCSPSigning is missing."
            : ((c.KeyUsageBits ?? 0) & KeyUsage.DigitalSignature) == 0 ? "digitalSignature is missing."
            : c.Extension(new Org.BouncyCastle.Asn1.DerObjectIdentifier(OcspNoCheck)) is null ? "id-pkix-ocsp-nocheck is missing."
            : null),
        new("rfc3161.2.3.time-stamping-eku", "A TSA certificate has a critical extendedKeyUsage holding only id-kp-timeStamping (RFC 3161 2.3).", c => c.Kind == CertificateKind.TimeStamping, c =>
            c.Extension(X509Extensions.ExtendedKeyUsage) is not { IsCritical: true } ? "extendedKeyUsage is missing or not critical."
            : c.ExtendedKeyUsages is not [TimeStamping] ? $"extendedKeyUsage is {string.Join(", ", c.ExtendedKeyUsages!)}, not only id-kp-timeStamping."
            : null),
        new("smime.email-protection-needs-mailbox", "emailProtection is asserted only when subjectAltName names a mailbox (CA/B S/MIME BR 7.1.2.3, 7.1.4.2.1).", c => c.ExtendedKeyUsages?.Contains(EmailProtection) == true, c =>
            c.SubjectAltNames?.Any(n => n.TagNo == GeneralName.Rfc822Name) == true ? null : "emailProtection without an rfc822Name subjectAltName."),
    ];
}
