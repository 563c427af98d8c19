using Ca.Core.Ocsp;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>Keeps every CA's delegated OCSP responder certificate fresh (issues a successor before expiry).</summary>
[DisallowConcurrentExecution]
internal sealed class OcspRolloverJob(StoredOcspSigningKeys keys) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await keys.EnsureCurrentAsync(cancellationToken);
}
