using Ca.Core.Changes;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>Republishes the CRLs of CAs whose certificates changed since their last complete CRL (one instance at a time).</summary>
[DisallowConcurrentExecution]
internal sealed class PublishStaleCrlsJob(StaleCrlSweep sweep, ILogger<PublishStaleCrlsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var published = await sweep.PublishStaleAsync(cancellationToken);
        if (published > 0)
        {
            logger.LogInformation("Republished the CRLs of {Count} CA(s) after status changes", published);
        }
    }
}
