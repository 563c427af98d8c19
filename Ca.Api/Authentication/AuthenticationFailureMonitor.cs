using System.Collections.Concurrent;
using Ca.Core.Audit;

namespace Ca.Api.Authentication;

/// <summary>
/// Counts failed authentications per source in a sliding minute and writes one audit record when a
/// source crosses the threshold (a burst), rather than one per failure, so a brute-force attempt is
/// visible to auditors without letting an attacker flood the log. The sources tracked are bounded:
/// past <see cref="MaxSources"/> (a stranger with many addresses) the newcomers share one counter, so
/// memory stays flat and the burst is still audited, as coming from many sources.
/// </summary>
internal sealed class AuthenticationFailureMonitor(AuditService audit, TimeProvider clock)
{
    public const int MaxSources = 10_000;
    public const string ManySources = "many-sources";
    private const int Threshold = 10;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset WindowStart, int Count)> counters = new(StringComparer.Ordinal);
    private readonly Lock pruneLock = new();
    private DateTimeOffset nextPrune = DateTimeOffset.MinValue;

    /// <summary>Sources currently counted; never more than <see cref="MaxSources"/> + 1.</summary>
    public int TrackedSources => counters.Count;

    public async Task RecordFailureAsync(string source, string correlationId, CancellationToken cancellationToken)
    {
        Ca.Core.Common.PkiMetrics.AuthenticationFailed();
        var now = clock.GetUtcNow();
        if (!counters.ContainsKey(source) && counters.Count >= MaxSources)
        {
            Prune(now);
            if (counters.Count >= MaxSources)
            {
                source = ManySources;
            }
        }

        var updated = counters.AddOrUpdate(
            source,
            _ => (now, 1),
            (_, current) => now - current.WindowStart > Window ? (now, 1) : (current.WindowStart, current.Count + 1));
        if (updated.Count == Threshold)
        {
            await audit.RecordAsync(AuditActions.AuthenticationFailureBurst, source, "anonymous", "denied",
                new { failures = Threshold, windowSeconds = (int)Window.TotalSeconds }, correlationId, cancellationToken);
        }
    }

    /// <summary>Drops sources whose window has passed; at most once a second, so a full table costs no scan per request.</summary>
    private void Prune(DateTimeOffset now)
    {
        lock (pruneLock)
        {
            if (now < nextPrune)
            {
                return;
            }

            nextPrune = now + PruneInterval;
        }

        foreach (var (key, value) in counters)
        {
            if (now - value.WindowStart > Window)
            {
                counters.TryRemove(key, out _);
            }
        }
    }
}
