using Ca.Core.Audit;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>Signs the audit chain's head periodically (see <see cref="AuditCheckpoints"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class AuditCheckpointJob(AuditCheckpoints checkpoints) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await checkpoints.WriteAsync(cancellationToken);
}
