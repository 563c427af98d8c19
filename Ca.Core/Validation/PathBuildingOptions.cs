namespace Ca.Core.Validation;

/// <summary>
/// The work budget of one path-building run (<c>Pki:Validation:PathBuilding</c>). Anyone may post a pool of
/// certificates to the verification endpoints, and a pool of same-named CA certificates without key identifiers
/// has exponentially many orderings. Like Go's crypto/x509 (at most 100 signature checks per verification) and
/// rustls-webpki (budgets of signature checks and build calls), the search stops at the first limit reached and
/// the answer is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND, saying which limit it was.
/// </summary>
public sealed class PathBuildingOptions
{
    /// <summary>
    /// Most certificates in one chain, the trust anchor excluded: a bound on the search. The relying party's
    /// maximum path length (intermediates, self-issued ones not counted) is <see cref="PathValidationSettings.MaxPathLength"/>.
    /// </summary>
    public int MaxDepth { get; set; } = 10;

    /// <summary>
    /// Most issuer candidates (a name and key-identifier match) the search may step to, over the whole run.
    /// Real chains need a handful; each step is cheap, the bound is against combinatorial pools.
    /// </summary>
    public int MaxIssuerCandidates { get; set; } = 2_000;

    /// <summary>Most signature verifications spent ranking issuer candidates (Go and rustls-webpki allow 100).</summary>
    public int MaxSignatureChecks { get; set; } = 100;

    /// <summary>Most complete candidate chains handed to RFC 5280 validation (each may fetch revocation data).</summary>
    public int MaxCandidatePaths { get; set; } = 32;

    /// <summary>Wall-clock limit for building and validating, revocation I/O included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Throws when a limit cannot work (zero or negative), so a typo fails at start-up, not per request.</summary>
    public void EnsureValid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIssuerCandidates, 1, nameof(MaxIssuerCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSignatureChecks, 1, nameof(MaxSignatureChecks));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidatePaths, 1, nameof(MaxCandidatePaths));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Timeout, TimeSpan.FromDays(1), nameof(Timeout));
    }
}
