namespace Ca.Core.Revocation;

/// <summary>
/// What one CRL says. A full CRL when <see cref="BaseCrlNumber"/> is null, otherwise a delta CRL
/// against that base. Full and delta CRLs of one CA share a single number sequence (RFC 5280 5.2.3),
/// which the caller allocates.
/// </summary>
/// <param name="CrlNumber">cRLNumber, strictly increasing per CA across full and delta CRLs.</param>
/// <param name="ThisUpdate">When this CRL was issued.</param>
/// <param name="NextUpdate">When the next one will be issued at the latest; relying parties reject the CRL after it.</param>
/// <param name="Entries">The revoked certificates, in the order they should appear.</param>
/// <param name="DeltaCrlUrl">Full CRL only: where the delta lives (freshestCRL); null when no deltas are published.</param>
/// <param name="BaseCrlNumber">Delta CRL only: the number of the full CRL it completes (critical deltaCRLIndicator).</param>
public sealed record CrlRequest(
    long CrlNumber,
    DateTimeOffset ThisUpdate,
    DateTimeOffset NextUpdate,
    IReadOnlyList<CrlEntry> Entries,
    string? DeltaCrlUrl = null,
    long? BaseCrlNumber = null)
{
    /// <summary>True for a delta CRL.</summary>
    public bool IsDelta => BaseCrlNumber is not null;
}
