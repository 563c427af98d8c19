using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509.Extension;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>Typed access to the certificate extensions path validation needs, in one place.</summary>
internal static class CertificateFacts
{
    public const string AnyPolicy = "2.5.29.32.0";
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";
    private const int KeyCertSignBit = 5;
    private const int CrlSignBit = 6;

    /// <summary>Critical extensions this validator fully processes (RFC 5280 6.1.4 (o)).</summary>
    public static readonly IReadOnlySet<string> ProcessedExtensions = new HashSet<string>
    {
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
        X509Extensions.CertificatePolicies.Id,
        X509Extensions.PolicyMappings.Id,
        X509Extensions.PolicyConstraints.Id,
        X509Extensions.InhibitAnyPolicy.Id,
        X509Extensions.NameConstraints.Id,
        X509Extensions.SubjectAlternativeName.Id,
        X509Extensions.IssuerAlternativeName.Id,
        X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.SubjectKeyIdentifier.Id,
        X509Extensions.AuthorityKeyIdentifier.Id,
        X509Extensions.CrlDistributionPoints.Id,
        X509Extensions.FreshestCrl.Id,
    };

    public static bool IsSelfIssued(X509Certificate cert) => cert.SubjectDN.Equivalent(cert.IssuerDN, true);

    public static Asn1Object? GetExtension(X509Certificate cert, DerObjectIdentifier oid)
    {
        var value = cert.GetExtensionValue(oid);
        return value is null ? null : X509ExtensionUtilities.FromExtensionValue(value);
    }

    public static BasicConstraints? GetBasicConstraints(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.BasicConstraints) is { } o ? BasicConstraints.GetInstance(o) : null;

    public static bool IsCa(X509Certificate cert) => GetBasicConstraints(cert)?.IsCA() == true;

    public static bool AllowsCertSign(X509Certificate cert) => cert.GetKeyUsage() is not { } ku || ku[KeyCertSignBit];

    public static bool AllowsCrlSign(X509Certificate cert) => cert.GetKeyUsage() is not { } ku || ku[CrlSignBit];

    public static IReadOnlyList<string>? GetPolicies(X509Certificate cert)
    {
        if (GetExtension(cert, X509Extensions.CertificatePolicies) is not Asn1Sequence seq)
        {
            return null;
        }
        return seq.Cast<Asn1Encodable>().Select(e => PolicyInformation.GetInstance(e).PolicyIdentifier.Id).ToList();
    }

    public static IReadOnlyList<(string IssuerDomain, string SubjectDomain)>? GetPolicyMappings(X509Certificate cert)
    {
        if (GetExtension(cert, X509Extensions.PolicyMappings) is not Asn1Sequence seq)
        {
            return null;
        }
        return seq.Cast<Asn1Encodable>()
            .Select(Asn1Sequence.GetInstance)
            .Select(m => (DerObjectIdentifier.GetInstance(m[0]).Id, DerObjectIdentifier.GetInstance(m[1]).Id))
            .ToList();
    }

    public static (int? RequireExplicitPolicy, int? InhibitPolicyMapping) GetPolicyConstraints(X509Certificate cert)
    {
        if (GetExtension(cert, X509Extensions.PolicyConstraints) is not Asn1Sequence seq)
        {
            return (null, null);
        }
        int? require = null, inhibit = null;
        foreach (var element in seq)
        {
            var tagged = Asn1TaggedObject.GetInstance(element);
            var skip = DerInteger.GetInstance(tagged, false).IntValueExact;
            if (tagged.TagNo == 0)
            {
                require = skip;
            }
            else if (tagged.TagNo == 1)
            {
                inhibit = skip;
            }
        }
        return (require, inhibit);
    }

    public static int? GetInhibitAnyPolicy(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.InhibitAnyPolicy) is { } o ? DerInteger.GetInstance(o).IntValueExact : null;

    public static NameConstraints? GetNameConstraints(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.NameConstraints) is { } o ? NameConstraints.GetInstance(o) : null;

    public static GeneralNames? GetSubjectAltNames(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.SubjectAlternativeName) is { } o ? GeneralNames.GetInstance(o) : null;

    public static IReadOnlyList<string>? GetExtendedKeyUsages(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.ExtendedKeyUsage) is Asn1Sequence seq
            ? seq.Cast<Asn1Encodable>().Select(e => DerObjectIdentifier.GetInstance(e).Id).ToList()
            : null;

    public static byte[]? GetSubjectKeyIdentifier(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.SubjectKeyIdentifier) is { } o ? SubjectKeyIdentifier.GetInstance(o).GetKeyIdentifier() : null;

    public static byte[]? GetAuthorityKeyIdentifier(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.AuthorityKeyIdentifier) is { } o ? AuthorityKeyIdentifier.GetInstance(o).KeyIdentifier?.GetOctets() : null;

    /// <summary>The access descriptions of authorityInfoAccess, or null when absent; throws when malformed.</summary>
    public static IReadOnlyList<AccessDescription>? GetAuthorityInformationAccess(X509Certificate cert) =>
        GetExtension(cert, X509Extensions.AuthorityInfoAccess) is { } o ? AuthorityInformationAccess.GetInstance(o).GetAccessDescriptions() : null;

    public static IEnumerable<string> UnprocessedCriticalExtensions(X509Certificate cert) =>
        (cert.GetCriticalExtensionOids() ?? new HashSet<string>()).Where(oid => !ProcessedExtensions.Contains(oid));
}
