using Ca.Core.Issuance;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>Expires certificate requests no officer decided within the configured lifetime.</summary>
[DisallowConcurrentExecution]
internal sealed class ExpirePendingRequestsJob(IssuanceService issuance, ILogger<ExpirePendingRequestsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var expired = await issuance.ExpireStalePendingAsync(cancellationToken);
        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} pending certificate request(s)", expired);
        }
    }
}
