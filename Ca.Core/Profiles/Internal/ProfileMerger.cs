using Ca.Core.Issuance;
using Ca.Core.Keys;

namespace Ca.Core.Profiles.Internal;

/// <summary>Applies one <see cref="ProfileOptions"/> over a built-in (or over nothing) and validates the result.</summary>
internal static class ProfileMerger
{
    public static CertificateProfile Merge(string name, CertificateProfile? baseline, ProfileOptions o)
    {
        try
        {
            var merged = new CertificateProfile
            {
                Name = name,
                Description = o.Description ?? baseline?.Description ?? string.Empty,
                AllowedKeyAlgorithms = o.AllowedKeyAlgorithms?.Select(KeyAlgorithmNames.Parse).ToList()
                    ?? baseline?.AllowedKeyAlgorithms ?? Required<IReadOnlyList<KeyAlgorithm>>(nameof(o.AllowedKeyAlgorithms)),
                MinimumRsaKeySize = o.MinimumRsaKeySize ?? baseline?.MinimumRsaKeySize ?? 2048,
                KeyUsages = o.KeyUsages?.Select(ParseKeyUsage).ToList()
                    ?? baseline?.KeyUsages ?? Required<IReadOnlyList<KeyUsageName>>(nameof(o.KeyUsages)),
                ExtendedKeyUsages = o.ExtendedKeyUsages
                    ?? baseline?.ExtendedKeyUsages ?? Required<IReadOnlyList<string>>(nameof(o.ExtendedKeyUsages)),
                MaxValidityDays = o.MaxValidityDays ?? baseline?.MaxValidityDays ?? Required<int>(nameof(o.MaxValidityDays)),
                DefaultValidityDays = o.DefaultValidityDays ?? baseline?.DefaultValidityDays ?? Math.Min(365, o.MaxValidityDays ?? 365),
                RequiredSubjectAttributes = o.RequiredSubjectAttributes ?? baseline?.RequiredSubjectAttributes ?? [],
                AllowedSubjectAttributes = o.AllowedSubjectAttributes
                    ?? baseline?.AllowedSubjectAttributes ?? Required<IReadOnlyList<string>>(nameof(o.AllowedSubjectAttributes)),
                RequireSubjectAltName = o.RequireSubjectAltName ?? baseline?.RequireSubjectAltName ?? false,
                AllowedSanTypes = o.AllowedSanTypes?.Select(t => Enum.Parse<SanType>(t, ignoreCase: true)).ToList() ?? baseline?.AllowedSanTypes ?? [],
                AllowWildcardDnsNames = o.AllowWildcardDnsNames ?? baseline?.AllowWildcardDnsNames ?? false,
                MaxSubjectAltNames = o.MaxSubjectAltNames ?? baseline?.MaxSubjectAltNames ?? 100,
                CommonNameMustBeSubjectAltName = o.CommonNameMustBeSubjectAltName ?? baseline?.CommonNameMustBeSubjectAltName ?? false,
                RequiresApproval = o.RequiresApproval ?? baseline?.RequiresApproval ?? true,
                AllowServerKeyGeneration = o.AllowServerKeyGeneration ?? baseline?.AllowServerKeyGeneration ?? true,
                PolicyOids = o.PolicyOids ?? baseline?.PolicyOids ?? [],
                BaselineRequirements = o.BaselineRequirements ?? baseline?.BaselineRequirements ?? false,
                IssuingCaId = o.IssuingCaId ?? baseline?.IssuingCaId,
            };
            Validate(merged);
            return merged;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"Profile '{name}' in configuration is invalid: {e.Message}", e);
        }
    }

    private static T Required<T>(string property) =>
        throw new FormatException($"{property} must be set for a profile that is not built in.");

    private static KeyUsageName ParseKeyUsage(string name) =>
        string.Equals(name, "contentCommitment", StringComparison.OrdinalIgnoreCase)
            ? KeyUsageName.NonRepudiation
            : Enum.Parse<KeyUsageName>(name, ignoreCase: true);

    private static void Validate(CertificateProfile p)
    {
        if (p.MaxValidityDays <= 0 || p.DefaultValidityDays <= 0 || p.DefaultValidityDays > p.MaxValidityDays)
        {
            throw new FormatException("validity days must be positive and DefaultValidityDays must not exceed MaxValidityDays.");
        }

        if (p.AllowedKeyAlgorithms.Count == 0 || p.KeyUsages.Count == 0)
        {
            throw new FormatException("a profile needs at least one key algorithm and one key usage.");
        }

        foreach (var eku in p.ExtendedKeyUsages)
        {
            Profiles.ExtendedKeyUsageNames.ToOid(eku);
        }

        foreach (var oid in p.PolicyOids)
        {
            if (!Org.BouncyCastle.Asn1.DerObjectIdentifier.TryFromID(oid, out _))
            {
                throw new FormatException($"policy OID '{oid}' is not a dotted object identifier.");
            }
        }

        if (p.PolicyOids.Distinct(StringComparer.Ordinal).Count() != p.PolicyOids.Count)
        {
            throw new FormatException("a policy OID appears twice (RFC 5280 4.2.1.4).");
        }

        foreach (var attribute in p.AllowedSubjectAttributes.Concat(p.RequiredSubjectAttributes))
        {
            if (!SubjectAttributeTypes.TryGet(attribute, out _))
            {
                throw new FormatException($"unknown subject attribute '{attribute}'.");
            }
        }

        var missing = p.RequiredSubjectAttributes.Where(r => !p.AllowedSubjectAttributes.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"required subject attributes must also be allowed: {string.Join(", ", missing)}.");
        }
    }
}
