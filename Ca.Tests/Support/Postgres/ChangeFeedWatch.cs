using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ca.Core.Changes;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Support.Postgres;

/// <summary>
/// When each instance's change-feed follower got past each position, noted at the moment it applied the event
/// (from the follower's own "applied" counter, on the follower's thread). A test can then say how long a change
/// took to reach another instance's caches without counting its own HTTP round trips or polling pauses, which on
/// a loaded machine can take longer than the propagation being measured.
/// </summary>
public sealed class ChangeFeedWatch : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly MeterListener listener = new();
    private readonly ChangeFeedFollower[] followers;
    private readonly List<(long Position, long Timestamp)>[] reached;

    public ChangeFeedWatch(IReadOnlyList<PostgresInstance> instances)
    {
        followers = instances.Select(i => i.Services.GetRequiredService<ChangeFeedFollower>()).ToArray();
        reached = followers.Select(_ => new List<(long, long)>()).ToArray();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ChangeFeedFollower.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Note());
        listener.Start();
    }

    /// <summary>The id of the newest change event in the database (every change committed so far is at or below it).</summary>
    public static Task<long> HeadAsync(PostgresInstance instance) =>
        instance.Services.GetRequiredService<IChangeFeed>().HeadAsync(CancellationToken.None);

    /// <summary>
    /// How long after <paramref name="since"/> (a <see cref="Stopwatch.GetTimestamp"/>) the follower of instance
    /// <paramref name="index"/> had applied every event up to <paramref name="head"/>; waits for that generously
    /// (a follower that never gets there fails here, whatever the time bound the caller asserts).
    /// </summary>
    public async Task<TimeSpan> CaughtUpAsync(int index, long head, long since)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            lock (reached[index])
            {
                foreach (var (position, timestamp) in reached[index])
                {
                    if (position >= head)
                    {
                        return timestamp <= since ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since, timestamp);
                    }
                }
            }

            Assert.True(waited.Elapsed < Generous, $"instance {index} did not apply the change feed up to event {head} within {Generous} (it stands at {followers[index].Position})");
            await Task.Delay(20);
        }
    }

    public void Dispose() => listener.Dispose();

    /// <summary>Runs on the thread of whichever follower just applied an event (any instance in this process).</summary>
    private void Note()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < followers.Length; i++)
        {
            var position = followers[i].Position;
            lock (reached[i])
            {
                if (reached[i].Count == 0 || reached[i][^1].Position < position)
                {
                    reached[i].Add((position, now));
                }
            }
        }
    }
}
