using Ca.Core.Keys;

namespace Ca.Core.Profiles;

/// <summary>
/// The profiles the service ships with. Values follow the CA/Browser Forum Baseline Requirements
/// for TLS (200-day maximum since SC-081's first step on 2026-03-15, no OU, CN repeated in SAN,
/// L or ST with O, the reserved DV/OV policy OID) and common e-certificate practice for people,
/// businesses and e-seals. Each carries its own policy OID (<see cref="ServicePolicyOids"/>).
/// </summary>
public static class BuiltInProfiles
{
    private static readonly KeyAlgorithm[] WebPkiKeys =
        [KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa2048, KeyAlgorithm.Rsa3072, KeyAlgorithm.Rsa4096];

    private static readonly KeyAlgorithm[] SigningKeys = [.. WebPkiKeys, KeyAlgorithm.Ed25519];

    /// <summary>All built-in profiles by name.</summary>
    public static IReadOnlyDictionary<string, CertificateProfile> All { get; } = new[]
    {
        new CertificateProfile
        {
            Name = "tls-server",
            PolicyOids = [ServicePolicyOids.TlsServer],
            Description = "TLS server certificate for a web site or API (CA/B Forum Baseline Requirements).",
            AllowedKeyAlgorithms = WebPkiKeys,
            KeyUsages = [KeyUsageName.DigitalSignature, KeyUsageName.KeyEncipherment],
            ExtendedKeyUsages = ["serverAuth"],
            MaxValidityDays = 200,
            DefaultValidityDays = 90,
            AllowedSubjectAttributes = ["CN", "O", "L", "ST", "C", "organizationIdentifier"],
            RequireSubjectAltName = true,
            AllowedSanTypes = [SanType.Dns, SanType.Ip],
            CommonNameMustBeSubjectAltName = true,
            BaselineRequirements = true,
            RequiresApproval = false,
        },
        new CertificateProfile
        {
            Name = "tls-client",
            PolicyOids = [ServicePolicyOids.TlsClient],
            Description = "TLS client certificate for a system or service account (mutual TLS).",
            AllowedKeyAlgorithms = WebPkiKeys,
            KeyUsages = [KeyUsageName.DigitalSignature],
            ExtendedKeyUsages = ["clientAuth"],
            MaxValidityDays = 398,
            DefaultValidityDays = 365,
            RequiredSubjectAttributes = ["CN"],
            AllowedSubjectAttributes = ["CN", "O", "OU", "L", "ST", "C", "serialNumber", "emailAddress", "organizationIdentifier"],
            AllowedSanTypes = [SanType.Dns, SanType.Email, SanType.Uri],
            RequiresApproval = false,
        },
        new CertificateProfile
        {
            Name = "person",
            PolicyOids = [ServicePolicyOids.Person],
            Description = "An individual's e-certificate: sign documents and e-mail, log in to e-services.",
            AllowedKeyAlgorithms = SigningKeys,
            KeyUsages = [KeyUsageName.DigitalSignature, KeyUsageName.NonRepudiation],
            ExtendedKeyUsages = ["emailProtection", "clientAuth"],
            MaxValidityDays = 1095,
            DefaultValidityDays = 730,
            RequiredSubjectAttributes = ["CN"],
            AllowedSubjectAttributes = ["CN", "givenName", "surname", "serialNumber", "emailAddress", "title", "O", "OU", "L", "ST", "C"],
            AllowedSanTypes = [SanType.Email],
            RequiresApproval = true,
        },
        new CertificateProfile
        {
            Name = "organization",
            PolicyOids = [ServicePolicyOids.Organization],
            Description = "A business's e-certificate: the juristic person signs and authenticates online.",
            AllowedKeyAlgorithms = SigningKeys,
            KeyUsages = [KeyUsageName.DigitalSignature, KeyUsageName.NonRepudiation],
            ExtendedKeyUsages = ["clientAuth", "emailProtection"],
            MaxValidityDays = 1095,
            DefaultValidityDays = 730,
            RequiredSubjectAttributes = ["CN", "O", "C"],
            AllowedSubjectAttributes = ["CN", "O", "OU", "C", "ST", "L", "serialNumber", "organizationIdentifier", "emailAddress"],
            AllowedSanTypes = [SanType.Email, SanType.Dns, SanType.Uri],
            RequiresApproval = true,
        },
        new CertificateProfile
        {
            Name = "document-signing",
            PolicyOids = [ServicePolicyOids.DocumentSigning],
            Description = "An agency's e-seal for signed e-documents (CAdES, PAdES, XAdES), id-kp-documentSigning (RFC 9336) and id-kp-emailProtection.",
            AllowedKeyAlgorithms = SigningKeys,
            KeyUsages = [KeyUsageName.DigitalSignature, KeyUsageName.NonRepudiation],
            // NSS (poppler's pdfsig, Thunderbird) validates PDF and S/MIME signers for the e-mail signer usage and
            // refuses a certificate whose EKU lacks emailProtection; Adobe accepts either.
            ExtendedKeyUsages = ["documentSigning", "emailProtection"],
            MaxValidityDays = 1095,
            DefaultValidityDays = 730,
            RequiredSubjectAttributes = ["CN", "O", "C"],
            AllowedSubjectAttributes = ["CN", "O", "OU", "C", "ST", "L", "serialNumber", "organizationIdentifier", "emailAddress"],
            AllowedSanTypes = [SanType.Email, SanType.Uri],
            RequiresApproval = true,
        },
    }.ToDictionary(p => p.Name, StringComparer.Ordinal);
}
