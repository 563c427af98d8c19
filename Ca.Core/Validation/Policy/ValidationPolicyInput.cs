namespace Ca.Core.Validation.Policy;

/// <summary>The policy as a caller sends it (JSON field or multipart part <c>policy</c>), before parsing.</summary>
public sealed record ValidationPolicyInput
{
    /// <summary>Anchor certificates in PEM (each entry may hold several).</summary>
    public List<string?>? TrustAnchors { get; init; }

    /// <summary>Also trust the service's own anchors (default: only when no anchors and no trust list are given).</summary>
    public bool? UseServiceAnchors { get; init; }

    /// <summary>The name of a configured trust list (see <c>GET /api/v1/trust-lists</c>).</summary>
    public string? TrustList { get; init; }

    /// <summary>EKU OIDs the certificate must carry, e.g. <c>1.3.6.1.5.5.7.3.1</c>.</summary>
    public List<string?>? RequiredEku { get; init; }

    /// <summary>Most intermediate CA certificates between the anchor and the certificate (0 to 16).</summary>
    public int? MaxPathLength { get; init; }

    /// <summary>Validate at this time (ISO 8601) instead of now.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary><c>require</c> (default), <c>prefer</c> (soft fail) or <c>off</c>.</summary>
    public string? Revocation { get; init; }

    /// <summary>CRLs in PEM or base64 DER.</summary>
    public List<string?>? Crls { get; init; }

    /// <summary>OCSPResponses in base64 DER.</summary>
    public List<string?>? OcspResponses { get; init; }
}
