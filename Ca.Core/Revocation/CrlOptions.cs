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

    /// <summary>
    /// React to every revocation: publish a delta at once, and the complete CRL within <see cref="FullCrlDelay"/>.
    /// When false, only the schedule publishes.
    /// </summary>
    public bool PublishOnRevocation { get; set; } = true;

    /// <summary>
    /// A revocation reaches the complete CRL within this time: the first revocation for a CA opens the
    /// window, and one publication at its end covers every revocation in it, off the request path (relying
    /// parties that ignore deltas, such as Java PKIX and <c>openssl verify -crl_check</c>, see it then).
    /// Zero publishes as soon as the background publisher gets to it.
    /// </summary>
    public TimeSpan FullCrlDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Revoked certificates stay listed this long after they expire (RFC 5280 3.3 lets them go).</summary>
    public TimeSpan ExpiredGrace { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Attempts for one publication before it is logged as failed.</summary>
    public int PublishAttempts { get; set; } = 3;

    /// <summary>Pause between attempts.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
