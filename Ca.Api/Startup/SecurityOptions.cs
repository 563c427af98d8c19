namespace Ca.Api.Startup;

/// <summary>First-start admin key (<c>Pki:Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    /// <summary>
    /// The first admin's API key (≥ 32 random characters). When absent on an empty system, one is
    /// generated and written only to <c>{DataDirectory}/bootstrap-admin.key</c> (mode 0600), never logged.
    /// </summary>
    public string? AdminApiKey { get; set; }
}

/// <summary>Rate limits (<c>Pki:RateLimits</c>): token buckets per account and per client IP.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Burst size for an authenticated account.</summary>
    public int AccountBurst { get; set; } = 5000;

    /// <summary>Sustained requests per second for an authenticated account.</summary>
    public int AccountPerSecond { get; set; } = 5000;

    /// <summary>Burst size for unauthenticated callers, per IP.</summary>
    public int AnonymousBurst { get; set; } = 200;

    /// <summary>Sustained requests per second for unauthenticated callers, per IP.</summary>
    public int AnonymousPerSecond { get; set; } = 100;

    /// <summary>Per-IP requests per second for OCSP and TSA (0 = not limited: relying parties poll them at volume).</summary>
    public int ProtocolPerSecond { get; set; }
}
