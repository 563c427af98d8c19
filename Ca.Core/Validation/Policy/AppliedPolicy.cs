namespace Ca.Core.Validation.Policy;

/// <summary>The policy a report was produced under, so the answer can be judged and reproduced.</summary>
/// <param name="Anchors">Every anchor in effect (the caller's, the trust list's, and the service's when used).</param>
/// <param name="ServiceAnchors">Whether the service's own anchors were in effect.</param>
/// <param name="TrustList">The trust list named, if any.</param>
/// <param name="RequiredEku">EKUs required of the certificate (signer).</param>
/// <param name="MaxPathLength">Most intermediates allowed, if limited.</param>
/// <param name="Revocation">require, prefer or off.</param>
/// <param name="SuppliedCrls">How many CRLs the caller supplied.</param>
/// <param name="SuppliedOcspResponses">How many OCSP responses the caller supplied.</param>
/// <param name="OnlineRevocation">Whether OCSP and CRLs of other CAs were fetched.</param>
public sealed record AppliedPolicy(
    IReadOnlyList<AnchorFingerprint> Anchors,
    bool ServiceAnchors,
    string? TrustList,
    IReadOnlyList<string> RequiredEku,
    int? MaxPathLength,
    RevocationMode Revocation,
    int SuppliedCrls,
    int SuppliedOcspResponses,
    bool OnlineRevocation)
{
    /// <summary>The anchor of the chain built (SHA-256), when a chain to a certificate anchor was found.</summary>
    public string? AnchorUsed { get; init; }
}
