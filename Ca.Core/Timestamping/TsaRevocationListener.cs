using Ca.Core.Common;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging;

namespace Ca.Core.Timestamping;

/// <summary>
/// Stops the TSA signing with a key the moment its certificate (or a CA above it) is revoked, and has a
/// successor made at once. A failure is logged, not thrown: the revocation is already durable, and until
/// a successor exists the TSA refuses to sign (systemFailure) rather than use the revoked key.
/// </summary>
public sealed class TsaRevocationListener : IInstanceRevocationListener
{
    private readonly StoredTsaSigner signer;
    private readonly ILogger<TsaRevocationListener> logger;

    /// <summary>Creates the listener.</summary>
    public TsaRevocationListener(StoredTsaSigner signer, ILogger<TsaRevocationListener> logger)
    {
        this.signer = signer;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task OnRevocationChangedAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        try
        {
            if (await signer.ReplaceIfRevokedAsync(caId, serial, cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("The TSA certificate (or a CA above it) {Serial} of {CaId} was revoked; the TSA signs with a new key from now on", serial, caId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The TSA's certificate chain was revoked ({Serial} of {CaId}) and no new TSA key could be made; the TSA refuses to sign until one can", serial, caId);
        }
    }
}
