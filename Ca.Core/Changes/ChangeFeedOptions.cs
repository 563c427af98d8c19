namespace Ca.Core.Changes;

/// <summary>How instances follow the change feed (<c>Pki:Changes</c>).</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>
    /// How often each instance asks for new events. A revocation made on one instance is answered by the
    /// others' OCSP caches within about this long (the requirement is 2 s).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long events are kept; an instance that cannot read for longer drops all its caches.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often the instance holding the job republishes the CRLs of CAs whose certificates changed status
    /// since their newest complete CRL: the longest a revocation waits for a complete CRL.
    /// </summary>
    public TimeSpan CrlSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events read per query.</summary>
    public int BatchSize { get; set; } = 500;
}
