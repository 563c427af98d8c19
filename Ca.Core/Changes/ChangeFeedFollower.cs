using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Changes;

/// <summary>
/// Follows the change feed from where it stood when this instance started (its caches were empty then)
/// and applies every event to this instance's caches. Polling a growing id works on every database the
/// service supports; ids grow in commit order because the writer of every change holds the audit chain's
/// head row locked until it commits.
/// </summary>
public sealed class ChangeFeedFollower
{
    /// <summary>Meter name of the follower's instruments.</summary>
    public const string MeterName = "Ca.Changes";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Applied = Meter.CreateCounter<long>("ca.changes.applied", "{events}", "Change events applied to this instance's caches.");
    private readonly IChangeFeed feed;
    private readonly CacheInvalidation invalidation;
    private readonly TimeProvider clock;
    private readonly ChangeFeedOptions options;
    private readonly ILogger<ChangeFeedFollower> logger;
    private long position = -1;

    /// <summary>Creates the follower.</summary>
    public ChangeFeedFollower(IChangeFeed feed, CacheInvalidation invalidation, TimeProvider clock, IOptions<ChangeFeedOptions> options, ILogger<ChangeFeedFollower> logger)
    {
        this.feed = feed;
        this.invalidation = invalidation;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>The id of the last event applied (-1 before the first poll).</summary>
    public long Position => Interlocked.Read(ref position);

    /// <summary>Polls and applies until cancelled; read failures are logged and retried at the next poll.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await PollOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reading the change feed failed; retrying in {Interval}", options.PollInterval);
            }

            if (!more)
            {
                await Task.Delay(options.PollInterval, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One poll: applies what is new; true when a full batch came back (more may be waiting).</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        if (Position < 0)
        {
            Interlocked.Exchange(ref position, await feed.HeadAsync(cancellationToken).ConfigureAwait(false));
            return false;
        }

        var batch = Math.Max(1, options.BatchSize);
        var events = await feed.ReadAfterAsync(Position, batch, cancellationToken).ConfigureAwait(false);
        foreach (var change in events)
        {
            await invalidation.ApplyAsync(change, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref position, change.Id);
            Applied.Add(1, new KeyValuePair<string, object?>("kind", change.Kind));
        }

        return events.Count == batch;
    }
}
