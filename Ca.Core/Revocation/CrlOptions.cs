namespace Ca.Core.Revocation;

/// <summary>CRL publication settings (<c>Pki:Crl</c>).</summary>
public sealed class CrlOptions
{
    /// <summary>nextUpdate of a complete CRL, after its thisUpdate.</summary>
    public TimeSpan FullValidity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the scheduled job publishes complete CRLs (must be well inside <see cref="FullValidity"/>).</summary>
    public TimeSpan FullInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Optional Quartz cron expression for complete CRLs; overrides <see cref="FullInterval"/>.</summary>
    public string? FullCron { get; set; }

    /// <summary>Whether delta CRLs are published (and advertised through freshestCRL).</summary>
    public bool EnableDelta { get; set; } = true;

    /// <summary>nextUpdate of a delta CRL.</summary>
    public TimeSpan DeltaValidity { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often deltas are published.</summary>
    public TimeSpan DeltaInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Optional cron expression for deltas; overrides <see cref="DeltaInterval"/>.</summary>
    public string? DeltaCron { get; set; }

    /// <summary>Publish CRLs right after every revocation (a delta, and a complete CRL when <see cref="FullCrlOnRevocation"/>).</summary>
    public bool PublishOnRevocation { get; set; } = true;

    /// <summary>
    /// Also republish the complete CRL on every revocation. Off by default: the delta carries the news at
    /// once (and a lifted hold shows as removeFromCRL there), OCSP answers immediately, and the complete
    /// CRL follows on its schedule.
    /// </summary>
    public bool FullCrlOnRevocation { get; set; }

    /// <summary>Revoked certificates stay listed this long after they expire (RFC 5280 3.3 lets them go).</summary>
    public TimeSpan ExpiredGrace { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Attempts for one publication before it is logged as failed.</summary>
    public int PublishAttempts { get; set; } = 3;

    /// <summary>Pause between attempts.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
