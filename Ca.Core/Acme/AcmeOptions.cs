namespace Ca.Core.Acme;

/// <summary>ACME server settings (<c>Pki:Acme</c>).</summary>
public sealed class AcmeOptions
{
    /// <summary>Turns the ACME endpoints on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The profile every ACME certificate is issued under (the same rules as the REST API).</summary>
    public string Profile { get; set; } = "tls-server";

    /// <summary>Refuse newAccount without external account binding (RFC 8555 7.3.4). Only closed test networks turn this off.</summary>
    public bool ExternalAccountRequired { get; set; } = true;

    /// <summary>How long a nonce stays redeemable (on any instance: nonces live in the shared database).</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a new order (and its pending authorizations) may take to complete.</summary>
    public TimeSpan OrderLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a valid authorization is reused for new orders of the same account.</summary>
    public TimeSpan ValidAuthorizationLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Orders one account may create per <see cref="RateLimitWindow"/>.</summary>
    public int OrdersPerAccountPerWindow { get; set; } = 300;

    /// <summary>Pending authorizations one account may hold at once.</summary>
    public int MaxPendingAuthorizationsPerAccount { get; set; } = 1000;

    /// <summary>The window of the per-account order limit.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Seconds a client is told to wait between polls of a processing resource.</summary>
    public int PollRetryAfterSeconds { get; set; } = 1;

    /// <summary>Terms of service URL published in the directory's meta, if any.</summary>
    public string? TermsOfService { get; set; }

    /// <summary>Website published in the directory's meta, if any.</summary>
    public string? Website { get; set; }

    /// <summary>How challenges are validated.</summary>
    public AcmeValidationOptions Validation { get; set; } = new();

    /// <summary>ACME Renewal Information (RFC 9773).</summary>
    public RenewalInfoOptions RenewalInfo { get; set; } = new();
}

/// <summary>Outbound validation (<c>Pki:Acme:Validation</c>).</summary>
public sealed class AcmeValidationOptions
{
    /// <summary>Port of http-01 (80 on the Internet).</summary>
    public int HttpPort { get; set; } = 80;

    /// <summary>Port of tls-alpn-01 and of https redirects (443 on the Internet).</summary>
    public int TlsPort { get; set; } = 443;

    /// <summary>Time allowed for one validation (connect, handshake, response).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fixed addresses per name, bypassing DNS (tests and closed networks).</summary>
    public Dictionary<string, string> HostOverrides { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Allow validation to connect to loopback addresses (127.0.0.0/8, ::1). Tests only.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow validation to connect to private, link-local and other non-public ranges (closed networks).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>DNS server for dns-01 TXT lookups as <c>host[:port]</c>; the system's resolvers when empty.</summary>
    public string? DnsResolver { get; set; }

    /// <summary>Redirects an http-01 fetch may follow (RFC 8555 8.3, 10.2).</summary>
    public int MaxRedirects { get; set; } = 10;

    /// <summary>Validations run at the same time.</summary>
    public int Concurrency { get; set; } = 4;
}

/// <summary>Renewal window (<c>Pki:Acme:RenewalInfo</c>).</summary>
public sealed class RenewalInfoOptions
{
    /// <summary>The window opens at this fraction of the lifetime (Let's Encrypt: two thirds).</summary>
    public double WindowStartFraction { get; set; } = 2.0 / 3.0;

    /// <summary>The window closes at this fraction of the lifetime.</summary>
    public double WindowEndFraction { get; set; } = 5.0 / 6.0;

    /// <summary>Retry-After of renewalInfo responses.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromHours(6);
}
