using System.Collections.Concurrent;
using Ca.Core.Audit;

namespace Ca.Api.Authentication;

/// <summary>
/// Counts failed authentications per source in a sliding minute and writes one audit record when a
/// source crosses the threshold (a burst), rather than one per failure, so a brute-force attempt is
/// visible to auditors without letting an attacker flood the log.
/// </summary>
internal sealed class AuthenticationFailureMonitor(AuditService audit, TimeProvider clock)
{
    private const int Threshold = 10;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset WindowStart, int Count)> counters = new(StringComparer.Ordinal);

    public async Task RecordFailureAsync(string source, string correlationId, CancellationToken cancellationToken)
    {
        Ca.Core.Common.PkiMetrics.AuthenticationFailed();
        var now = clock.GetUtcNow();
        var updated = counters.AddOrUpdate(
            source,
            _ => (now, 1),
            (_, current) => now - current.WindowStart > Window ? (now, 1) : (current.WindowStart, current.Count + 1));
        if (updated.Count == Threshold)
        {
            await audit.RecordAsync(AuditActions.AuthenticationFailureBurst, source, "anonymous", "denied",
                new { failures = Threshold, windowSeconds = (int)Window.TotalSeconds }, correlationId, cancellationToken);
        }

        if (counters.Count > 10_000)
        {
            foreach (var stale in counters.Where(c => now - c.Value.WindowStart > Window).Select(c => c.Key).ToList())
            {
                counters.TryRemove(stale, out _);
            }
        }
    }
}
