namespace Ca.Core.Validation.Policy;

/// <summary>
/// Bounds on a caller's policy: the verify endpoints are anonymous, and every anchor, CRL and OCSP response
/// costs parsing and signature checks. Documented in docs/VALIDATION.md.
/// </summary>
public static class ValidationPolicyLimits
{
    /// <summary>Most anchor certificates (after splitting PEM bundles).</summary>
    public const int MaxTrustAnchors = 32;

    /// <summary>Most CRLs.</summary>
    public const int MaxCrls = 16;

    /// <summary>Most OCSP responses.</summary>
    public const int MaxOcspResponses = 32;

    /// <summary>Most required EKUs.</summary>
    public const int MaxRequiredEku = 16;

    /// <summary>Largest maxPathLength accepted.</summary>
    public const int MaxPathLength = 16;

    /// <summary>Most characters of all policy strings together (anchors, CRLs, OCSP responses).</summary>
    public const int MaxTotalChars = 4 * 1024 * 1024;
}
