using System.Collections.Concurrent;

namespace Ca.Api.Problems;

/// <summary>
/// Decides when a client error may be logged: the first of its kind in a window, then nothing until the
/// window has passed, when the next line reports how many were left out. A client error is the client's
/// doing, so it never carries a stack trace, and a stranger repeating it cannot flood the log. Kinds are
/// a small fixed set chosen by the code (status codes, credential types), never client input.
/// </summary>
internal sealed class ClientErrorLog(TimeProvider clock)
{
    /// <summary>How long one logged line stands for its kind.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Far above the kinds the code uses; only a bug could reach it, and then kinds share one gate.
    private const int MaxKinds = 256;
    private const string Overflow = "other";
    private readonly ConcurrentDictionary<string, Gate> gates = new(StringComparer.Ordinal);

    /// <summary>Number of kinds tracked (bounded by <see cref="MaxKinds"/> + 1).</summary>
    internal int KindCount => gates.Count;

    /// <summary>
    /// True when this occurrence of <paramref name="kind"/> should be logged; <paramref name="suppressed"/>
    /// is how many occurrences were not logged since the previous line.
    /// </summary>
    public bool ShouldLog(string kind, out long suppressed)
    {
        if (!gates.TryGetValue(kind, out var gate))
        {
            gate = gates.Count < MaxKinds ? gates.GetOrAdd(kind, _ => new Gate()) : gates.GetOrAdd(Overflow, _ => new Gate());
        }

        return gate.TryPass(clock.GetUtcNow(), out suppressed);
    }

    private sealed class Gate
    {
        private readonly Lock sync = new();
        private DateTimeOffset? openedAt;
        private long skipped;

        public bool TryPass(DateTimeOffset now, out long suppressed)
        {
            lock (sync)
            {
                if (openedAt is { } opened && now - opened < Window)
                {
                    skipped++;
                    suppressed = 0;
                    return false;
                }

                openedAt = now;
                suppressed = skipped;
                skipped = 0;
                return true;
            }
        }
    }
}
