using Ca.Core.Changes;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>Deletes change events older than <see cref="ChangeFeedOptions.Retention"/>; every instance has long read them.</summary>
[DisallowConcurrentExecution]
internal sealed class PruneChangeEventsJob(IChangeFeed feed, IOptions<ChangeFeedOptions> options, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await feed.PruneAsync(clock.GetUtcNow() - options.Value.Retention, cancellationToken);
}
