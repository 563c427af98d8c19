using Org.BouncyCastle.X509;

namespace Ca.Core.Validation.Policy;

/// <summary>
/// The relying party's own validation policy, parsed and bounded (<see cref="ValidationPolicyParser"/>). Without
/// one, <see cref="Default"/> applies: the service's anchors, revocation required, now.
/// </summary>
public sealed record ValidationPolicy
{
    /// <summary>The service's own roots and configured anchors, revocation required, no further constraints.</summary>
    public static ValidationPolicy Default { get; } = new();

    /// <summary>Anchors the caller trusts.</summary>
    public IReadOnlyList<X509Certificate> TrustAnchors { get; init; } = [];

    /// <summary>Whether the service's anchors count too; null means "only when the caller named no anchors and no trust list".</summary>
    public bool? UseServiceAnchors { get; init; }

    /// <summary>A configured trust list whose anchors count (<c>Pki:Validation:TrustLists</c>).</summary>
    public string? TrustList { get; init; }

    /// <summary>EKUs the certificate (the signer, for documents) must carry.</summary>
    public IReadOnlyList<string> RequiredEku { get; init; } = [];

    /// <summary>Most intermediate CA certificates between the anchor and the certificate (RFC 5280 6.1.1 initial max_path_length).</summary>
    public int? MaxPathLength { get; init; }

    /// <summary>Validate at this time instead of now.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>What to do about revocation.</summary>
    public RevocationMode Revocation { get; init; } = RevocationMode.Require;

    /// <summary>CRLs the caller supplies (complete or delta); used only when authentic, in scope and fresh.</summary>
    public IReadOnlyList<X509Crl> Crls { get; init; } = [];

    /// <summary>DER OCSPResponses the caller supplies; used only when signed by the issuer or its delegate, and fresh.</summary>
    public IReadOnlyList<byte[]> OcspResponses { get; init; } = [];

    /// <summary>Whether the service's own anchors are used, after the default rule.</summary>
    public bool ServiceAnchorsUsed => UseServiceAnchors ?? (TrustAnchors.Count == 0 && TrustList is null);
}
