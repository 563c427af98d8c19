using Ca.Core.Acme;
using Ca.Core.Acme.Validation;
using Microsoft.Extensions.Options;

namespace Ca.Api.Jobs;

/// <summary>Drains the ACME validation queue in the background; on start re-queues validations a restart interrupted.</summary>
internal sealed class AcmeValidationWorker(AcmeValidationQueue queue, AcmeAuthorizationService authorizations, IOptions<AcmeOptions> options, ILogger<AcmeValidationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await authorizations.ResumeAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database may not be migrated yet on a first start; nothing can be processing then.
            logger.LogDebug(e, "No interrupted ACME validations resumed");
        }

        await queue.RunAsync(authorizations.ValidateAsync, options.Value.Validation.Concurrency,
            e => logger.LogError(e, "An ACME validation failed unexpectedly"), stoppingToken);
    }
}
