using Ca.Core.Revocation;

namespace Ca.Api.Jobs;

/// <summary>Runs <see cref="FullCrlCoalescer"/>'s publishing loop for the life of the process.</summary>
internal sealed class FullCrlCoalescerService(FullCrlCoalescer coalescer) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => coalescer.RunAsync(stoppingToken);
}
