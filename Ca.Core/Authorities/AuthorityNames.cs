using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Authorities;

/// <summary>CA subject names from configuration, encoded by the same rules as subscribers' (any known attribute, CN required).</summary>
internal static class AuthorityNames
{
    private static readonly CertificateProfile Everything = new()
    {
        Name = "ca",
        AllowedKeyAlgorithms = [KeyAlgorithm.EcdsaP256],
        KeyUsages = [KeyUsageName.DigitalSignature],
        ExtendedKeyUsages = [],
        MaxValidityDays = 1,
        DefaultValidityDays = 1,
        RequiredSubjectAttributes = ["CN"],
        AllowedSubjectAttributes = SubjectAttributeTypes.All.Select(t => t.ShortName).ToList(),
    };

    /// <summary>The encoded subject of a configured CA.</summary>
    public static X509Name Subject(AuthorityOptions settings) =>
        SubjectNames.Encode(SubjectNames.Validate(SubjectNames.FromRequest(settings.Subject), Everything with { Name = $"ca:{settings.Id}" }));

    /// <summary>The CN of a certificate's subject, if it has one.</summary>
    public static string? CommonName(X509Certificate certificate) =>
        certificate.SubjectDN.GetValueList(X509Name.CN).FirstOrDefault();
}
