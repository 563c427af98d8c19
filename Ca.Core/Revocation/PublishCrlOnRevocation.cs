using Ca.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Revocation;

/// <summary>
/// After a revocation: publishes a fresh delta right away, before the API answers, so relying parties
/// that read deltas learn of it at once; and has the complete CRL republished within
/// <see cref="CrlOptions.FullCrlDelay"/> through <see cref="FullCrlCoalescer"/>, off the request path,
/// for those that read only complete CRLs. A failure is logged, not thrown: the revocation itself is
/// already durable and the schedule will catch up.
/// </summary>
public sealed class PublishCrlOnRevocation : IRevocationListener
{
    private readonly CrlPublisher publisher;
    private readonly FullCrlCoalescer fullCrl;
    private readonly CrlOptions options;
    private readonly ILogger<PublishCrlOnRevocation> logger;

    /// <summary>Creates the listener.</summary>
    public PublishCrlOnRevocation(CrlPublisher publisher, FullCrlCoalescer fullCrl, IOptions<CrlOptions> options, ILogger<PublishCrlOnRevocation> logger)
    {
        this.publisher = publisher;
        this.fullCrl = fullCrl;
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

        fullCrl.Schedule(caId);
        if (!options.EnableDelta)
        {
            return;
        }

        try
        {
            await publisher.PublishDeltaAsync(caId, CallerContext.System("crl-on-revocation"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Publishing a delta CRL after the revocation of {Serial} by {CaId} failed; the scheduled job will publish it", serial, caId);
        }
    }
}
