using Ca.Core.Common;
using Ca.Core.Revocation;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>Scheduled CRL publication for every CA; the job data says complete or delta.</summary>
[DisallowConcurrentExecution]
internal sealed class PublishCrlsJob(CrlPublisher publisher, ILogger<PublishCrlsJob> logger) : IJob
{
    public const string DeltaKey = "delta";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var delta = context.MergedJobDataMap.TryGetValue(DeltaKey, out var value) && value is true;
        var published = await publisher.PublishAllAsync(delta, CallerContext.System(delta ? "crl-delta-job" : "crl-full-job"), cancellationToken);
        logger.LogInformation("Published {Count} {Kind} CRL(s)", published, delta ? "delta" : "complete");
    }
}
