using Ca.Core.Revocation;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>
/// When CRLs are next published, and so how long a served CRL may be cached. Interval schedules are
/// aligned to whole multiples of the interval since the Unix epoch (hourly on the hour), so the answer
/// does not depend on when a process started and Quartz fires at exactly these times; cron schedules come
/// from the expression. A complete CRL with a coalesced publication pending is due no later than that.
/// </summary>
internal sealed class CrlSchedule
{
    private readonly CrlOptions options;
    private readonly CronExpression? fullCron;
    private readonly CronExpression? deltaCron;
    private readonly FullCrlCoalescer? pending;

    public CrlSchedule(CrlOptions options, FullCrlCoalescer? pending = null)
    {
        this.options = options;
        this.pending = pending;
        fullCron = Cron(options.FullCron);
        deltaCron = Cron(options.DeltaCron);
    }

    /// <summary>The first scheduled publication strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextPublication(bool delta, DateTimeOffset after)
    {
        var cron = delta ? deltaCron : fullCron;
        if (cron is not null)
        {
            return cron.GetNextValidTimeAfter(after) ?? DateTimeOffset.MaxValue;
        }

        var interval = delta ? options.DeltaInterval : options.FullInterval;
        if (interval <= TimeSpan.Zero)
        {
            return DateTimeOffset.MaxValue;
        }

        var elapsed = Math.Max(0, after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var next = elapsed - (elapsed % interval.Ticks) + interval.Ticks;
        return next <= DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks ? DateTimeOffset.UnixEpoch.AddTicks(next) : DateTimeOffset.MaxValue;
    }

    /// <summary>
    /// Until when a cache may keep <paramref name="crl"/>: its nextUpdate, or sooner the first publication
    /// due after it was made (scheduled, or the coalesced one a revocation has already asked for).
    /// </summary>
    public DateTimeOffset CacheUntil(StoredCrl crl)
    {
        var until = Min(crl.NextUpdate, NextPublication(crl.IsDelta, crl.ThisUpdate));
        return !crl.IsDelta && pending?.PendingUntil(crl.CaId) is { } due ? Min(until, due) : until;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static CronExpression? Cron(string? expression) =>
        expression is { Length: > 0 } ? new CronExpression(expression, TimeZoneInfo.Utc) : null;
}
