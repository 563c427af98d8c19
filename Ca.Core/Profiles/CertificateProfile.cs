using Ca.Core.Keys;

namespace Ca.Core.Profiles;

/// <summary>
/// A certificate template: everything that decides what a certificate of this kind may contain.
/// Profiles are data (built-ins overridden from configuration), so a policy authority can tighten
/// one without a release.
/// </summary>
public sealed record CertificateProfile
{
    /// <summary>The profile's stable name, e.g. <c>tls-server</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the profile is for, shown to requesters.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Key algorithms a subscriber key may use.</summary>
    public required IReadOnlyList<KeyAlgorithm> AllowedKeyAlgorithms { get; init; }

    /// <summary>RSA keys below this modulus size are refused as weak.</summary>
    public int MinimumRsaKeySize { get; init; } = 2048;

    /// <summary>
    /// keyUsage bits by name. <c>keyEncipherment</c>/<c>dataEncipherment</c> are set only for RSA keys and
    /// <c>keyAgreement</c> only for EC keys, keeping key usage consistent with the key (CA/B BR 7.1.2).
    /// </summary>
    public required IReadOnlyList<KeyUsageName> KeyUsages { get; init; }

    /// <summary>extendedKeyUsage purposes (names or dotted OIDs, see <see cref="ExtendedKeyUsageNames"/>).</summary>
    public required IReadOnlyList<string> ExtendedKeyUsages { get; init; }

    /// <summary>Longest validity a requester may ask for, in days.</summary>
    public required int MaxValidityDays { get; init; }

    /// <summary>Validity when the requester does not ask, in days.</summary>
    public required int DefaultValidityDays { get; init; }

    /// <summary>Subject attributes that must be present (short names, e.g. CN, O, C).</summary>
    public IReadOnlyList<string> RequiredSubjectAttributes { get; init; } = [];

    /// <summary>Subject attributes that may be present; anything else is refused.</summary>
    public required IReadOnlyList<string> AllowedSubjectAttributes { get; init; }

    /// <summary>Whether at least one subjectAltName is required.</summary>
    public bool RequireSubjectAltName { get; init; }

    /// <summary>subjectAltName types that may be present.</summary>
    public IReadOnlyList<SanType> AllowedSanTypes { get; init; } = [];

    /// <summary>Whether a DNS name may be a wildcard (<c>*.example.co.th</c>).</summary>
    public bool AllowWildcardDnsNames { get; init; }

    /// <summary>Upper bound on subjectAltName entries.</summary>
    public int MaxSubjectAltNames { get; init; } = 100;

    /// <summary>When set, a CN must repeat one of the SANs (CA/B BR 7.1.4.3 for TLS).</summary>
    public bool CommonNameMustBeSubjectAltName { get; init; }

    /// <summary>Whether a security officer must approve each request before issuance.</summary>
    public bool RequiresApproval { get; init; }

    /// <summary>Whether the service may generate the subscriber's key (returned once as PKCS#12).</summary>
    public bool AllowServerKeyGeneration { get; init; } = true;

    /// <summary>
    /// Certificate policy OIDs placed in certificatePolicies: the profile's own policy under the
    /// operator's arc (see <see cref="ServicePolicyOids"/>). A profile under the CA/B Forum Baseline
    /// Requirements also gets the reserved validation-level OID (<see cref="BaselineRequirements"/>).
    /// </summary>
    public IReadOnlyList<string> PolicyOids { get; init; } = [];

    /// <summary>
    /// Whether certificates of this profile are TLS server certificates under the CA/B Forum Baseline
    /// Requirements: they carry 2.23.140.1.2.1 (domain validated) or, with an organisation in the
    /// subject, 2.23.140.1.2.2 (organisation validated); an organisation needs a country and a
    /// locality or state (BR 7.1.4.2); and the pre-issuance lint applies the BR rules.
    /// </summary>
    public bool BaselineRequirements { get; init; }

    /// <summary>The issuing CA used when the request names none; null means the default issuing CA.</summary>
    public string? IssuingCaId { get; init; }
}
