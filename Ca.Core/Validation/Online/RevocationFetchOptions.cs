namespace Ca.Core.Validation.Online;

/// <summary>
/// How the service fetches revocation data of other CAs (<c>Pki:Validation:Fetch</c>): OCSP from the
/// certificate's AIA responder, then CRLs from its distribution points. The URLs come from certificates anyone
/// may submit, so every connection goes through <see cref="Common.Net.OutboundAddressGuard"/>.
/// </summary>
public sealed class RevocationFetchOptions
{
    /// <summary>Fetch OCSP responses and CRLs for certificates not issued by this service.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Allow connections to loopback (127.0.0.0/8, ::1). Tests only.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow connections to private, link-local and other non-public ranges (closed networks).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Fixed comma-separated addresses per host name, bypassing DNS (closed networks, tests); still guarded.</summary>
    public Dictionary<string, string> HostOverrides { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Time allowed for one download (connect, send, read).</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>Time all revocation fetching of one verification request may take together.</summary>
    public int RequestBudgetSeconds { get; set; } = 15;

    /// <summary>Redirects followed per download (each hop guarded; only http and https).</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Largest OCSP response read.</summary>
    public int MaxOcspResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Tolerated clock difference with responders when judging thisUpdate and nextUpdate.</summary>
    public int ClockSkewSeconds { get; set; } = 300;

    /// <summary>How old an OCSP response without nextUpdate may be and still count as fresh.</summary>
    public int MaxOcspAgeWithoutNextUpdateSeconds { get; set; } = 3600;

    /// <summary>Send a nonce in OCSP requests (responders that pre-sign answers ignore it; we never require it back).</summary>
    public bool SendNonce { get; set; } = true;

    /// <summary>Most OCSP answers kept in memory (until their nextUpdate).</summary>
    public int MaxCachedOcspResponses { get; set; } = 1000;

    /// <summary>Throws on settings that cannot work.</summary>
    public void EnsureValid()
    {
        if (TimeoutSeconds <= 0 || RequestBudgetSeconds <= 0 || MaxRedirects < 0 || MaxOcspResponseBytes <= 0 || ClockSkewSeconds < 0
            || MaxOcspAgeWithoutNextUpdateSeconds < 0 || MaxCachedOcspResponses < 0)
        {
            throw new InvalidOperationException("Pki:Validation:Fetch: timeouts, sizes and counts must be positive.");
        }
    }
}
