namespace Ca.Core.Validation;

/// <summary>
/// Relying-party settings of the verification service (<c>Pki:Validation</c>). Our own roots are always
/// trusted; anything else must be added here on purpose.
/// </summary>
public sealed class ValidationOptions
{
    /// <summary>PEM files of further trust anchors (each may hold several certificates).</summary>
    public IList<string> ExtraTrustAnchors { get; set; } = new List<string>();

    /// <summary>
    /// Fetch CRLs from the distribution points of certificates not issued by this service. Off by default:
    /// it makes the service an HTTP client of arbitrary URLs named in submitted certificates.
    /// </summary>
    public bool FetchCrls { get; set; }

    /// <summary>Per-download timeout.</summary>
    public int CrlFetchTimeoutSeconds { get; set; } = 5;

    /// <summary>Largest CRL accepted.</summary>
    public long MaxCrlBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most downloaded CRLs kept at once; the URLs come from submitted certificates, so the cache is bounded.</summary>
    public int MaxCachedCrls { get; set; } = 100;

    /// <summary>Most bytes of downloaded CRLs kept at once.</summary>
    public long MaxCachedCrlBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Named trust lists a caller's policy may use: name → PEM bundle file (<c>Pki:Validation:TrustLists:{name}</c>).</summary>
    public Dictionary<string, string> TrustLists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Fetching OCSP and CRLs for other CAs' certificates, and the guard on those connections.</summary>
    public Online.RevocationFetchOptions Fetch { get; set; } = new();

    /// <summary>The work budget of path building (candidates, signature checks, chains, wall clock).</summary>
    public PathBuildingOptions PathBuilding { get; set; } = new();
}
