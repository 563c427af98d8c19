using System.Threading.Channels;
using Ca.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Revocation;

/// <summary>
/// Brings a CA's complete CRL up to date after revocations, off the request path and coalesced: the
/// first change for a CA opens a window of <see cref="CrlOptions.FullCrlDelay"/>, and one publication at
/// its end covers every change made in it, so a burst of a thousand revocations costs one signature over
/// the list, not a thousand (Boulder's crl-updater batches the same way).
/// </summary>
/// <remarks>
/// <see cref="Schedule"/> is the trigger seam: today the in-process revocation listener calls it; a
/// consumer of durable change events shared by every instance can call it instead, without this class
/// changing. A window still open when the process stops is left to the next scheduled publication.
/// </remarks>
public sealed class FullCrlCoalescer : IDisposable
{
    private readonly Channel<string> due = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (ITimer Timer, DateTimeOffset DueAt)> pending = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly CrlPublisher publisher;
    private readonly TimeProvider clock;
    private readonly TimeSpan delay;
    private readonly ILogger<FullCrlCoalescer> logger;

    /// <summary>Creates the coalescer; nothing is published until <see cref="RunAsync"/> runs.</summary>
    public FullCrlCoalescer(CrlPublisher publisher, TimeProvider clock, IOptions<CrlOptions> options, ILogger<FullCrlCoalescer> logger)
    {
        this.publisher = publisher;
        this.clock = clock;
        delay = options.Value.FullCrlDelay > TimeSpan.Zero ? options.Value.FullCrlDelay : TimeSpan.Zero;
        this.logger = logger;
    }

    /// <summary>
    /// Says the CA's complete CRL is stale: it will be published within the delay, once for everything
    /// scheduled until then. Cheap and non-blocking, so it can run inside a request.
    /// </summary>
    public void Schedule(string caId)
    {
        ArgumentException.ThrowIfNullOrEmpty(caId);
        lock (gate)
        {
            if (pending.ContainsKey(caId))
            {
                return;
            }

            // The callback only enqueues; the entry is removed by the publishing loop under this lock.
            var timer = clock.CreateTimer(_ => due.Writer.TryWrite(caId), null, delay, Timeout.InfiniteTimeSpan);
            pending[caId] = (timer, clock.GetUtcNow() + delay);
        }
    }

    /// <summary>When the pending publication for the CA is due; null when none is pending.</summary>
    public DateTimeOffset? PendingUntil(string caId)
    {
        lock (gate)
        {
            return pending.TryGetValue(caId, out var entry) ? entry.DueAt : null;
        }
    }

    /// <summary>Publishes each CA whose window closed, one at a time, until cancelled. A failure is logged and retried after another window.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var caId in due.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Cleared before publishing: a revocation committed from here on opens a new window.
            lock (gate)
            {
                if (pending.Remove(caId, out var entry))
                {
                    entry.Timer.Dispose();
                }
            }

            try
            {
                var crl = await publisher.PublishFullAsync(caId, CallerContext.System("crl-after-revocation"), cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Published complete CRL {Number} of {CaId} after revocations", crl.Number, caId);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Anything short of shutdown (a database timeout included) must not end the loop.
                logger.LogError(e, "Publishing the complete CRL of {CaId} after revocations failed; retrying in {Delay}", caId, delay);
                Schedule(caId);
            }
        }
    }

    /// <summary>Stops the pending timers.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var (timer, _) in pending.Values)
            {
                timer.Dispose();
            }

            pending.Clear();
        }

        due.Writer.TryComplete();
    }
}
