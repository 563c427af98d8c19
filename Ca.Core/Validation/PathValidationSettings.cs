namespace Ca.Core.Validation;

/// <summary>
/// The RFC 5280 section 6.1.1 inputs of a path validation. The validation time is explicit so that results are
/// reproducible and never depend on the machine clock.
/// </summary>
public sealed record PathValidationSettings
{
    /// <summary>The instant at which the path must be valid (certificate validity, CRL freshness, revocation).</summary>
    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>user-initial-policy-set: policy OIDs acceptable to the relying party; null means anyPolicy.</summary>
    public IReadOnlySet<string>? InitialPolicySet { get; init; }

    /// <summary>initial-explicit-policy: require the path to be valid for at least one policy in the initial set.</summary>
    public bool InitialExplicitPolicy { get; init; }

    /// <summary>initial-policy-mapping-inhibit: refuse policy mappings anywhere in the path.</summary>
    public bool InitialPolicyMappingInhibit { get; init; }

    /// <summary>initial-any-policy-inhibit: do not let anyPolicy in certificates match every policy.</summary>
    public bool InitialAnyPolicyInhibit { get; init; }

    /// <summary>Whether revocation is checked (RFC 5280 6.3); off only for offline or diagnostic use.</summary>
    public bool CheckRevocation { get; init; } = true;

    /// <summary>
    /// Extended key usages the end-entity certificate must carry (anyExtendedKeyUsage satisfies all);
    /// null or empty means no EKU requirement.
    /// </summary>
    public IReadOnlyCollection<string>? RequiredExtendedKeyUsages { get; init; }

    /// <summary>
    /// The relying party's maximum path length: at most this many intermediate CA certificates between the trust
    /// anchor and the target, self-issued ones not counted (RFC 5280 6.1.2 (k), 4.2.1.9). Null: no limit of its own.
    /// </summary>
    public int? MaxPathLength { get; init; }

    /// <summary>
    /// Whether CA certificates must mark basicConstraints, nameConstraints and policyConstraints critical, as RFC 5280
    /// 4.2.1.9-4.2.1.11 require of conforming CAs (default). Turn off only for test data made for RFC 3280 path
    /// processing: NIST PKITS has non-critical policyConstraints in valid paths (RFC 3280 allowed them) and checks in
    /// 4.6.4 that 6.1.4 (k) itself looks only at the presence of basicConstraints.
    /// </summary>
    public bool RequireCriticalConstraints { get; init; } = true;

    /// <summary>Convenience factory for the common case: default RFC 5280 inputs at a given time.</summary>
    /// <param name="validationTime">The instant at which the path must be valid.</param>
    public static PathValidationSettings At(DateTimeOffset validationTime) => new() { ValidationTime = validationTime };
}
