using Ca.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Revocation;

/// <summary>
/// Publishes a fresh delta (and, when configured, a complete CRL) right after a revocation, before the
/// API answers, so relying parties learn of it at once rather than at the next scheduled run. A failure
/// is logged, not thrown: the revocation itself is already durable and the schedule will catch up.
/// </summary>
public sealed class PublishCrlOnRevocation : IRevocationListener
{
    private readonly CrlPublisher publisher;
    private readonly CrlOptions options;
    private readonly ILogger<PublishCrlOnRevocation> logger;

    /// <summary>Creates the listener.</summary>
    public PublishCrlOnRevocation(CrlPublisher publisher, IOptions<CrlOptions> options, ILogger<PublishCrlOnRevocation> logger)
    {
        this.publisher = publisher;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task OnRevocationChangedAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        if (!options.PublishOnRevocation)
        {
            return;
        }

        try
        {
            var caller = CallerContext.System("crl-on-revocation");
            if (options.FullCrlOnRevocation || !options.EnableDelta)
            {
                await publisher.PublishFullAsync(caId, caller, cancellationToken).ConfigureAwait(false);
            }

            if (options.EnableDelta)
            {
                await publisher.PublishDeltaAsync(caId, caller, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Publishing a CRL after the revocation of {Serial} by {CaId} failed; the scheduled job will publish it", serial, caId);
        }
    }
}
