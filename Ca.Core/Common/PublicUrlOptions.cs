namespace Ca.Core.Common;

/// <summary>
/// Where relying parties reach the service. The base URL is baked into every certificate's CRL
/// distribution point and AIA, so it must be the public name, not the bind address.
/// </summary>
public sealed class PublicUrlOptions
{
    /// <summary>e.g. <c>http://pki.example.go.th</c>. Plain HTTP is usual and correct for CRL/OCSP/AIA (RFC 5280 8).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
