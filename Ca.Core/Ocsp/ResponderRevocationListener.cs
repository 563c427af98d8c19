using Ca.Core.Common;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging;

namespace Ca.Core.Ocsp;

/// <summary>
/// Stops OCSP responses being signed by a responder whose certificate was just revoked: a successor is
/// made at once, or the CA signs itself until one can be. Responder certificates carry ocsp-nocheck, so
/// relying parties never learn of the revocation; not signing with the key is the only remedy.
/// Failures are logged, not thrown: the revocation itself is already durable.
/// </summary>
public sealed class ResponderRevocationListener : IInstanceRevocationListener
{
    private readonly StoredOcspSigningKeys keys;
    private readonly ILogger<ResponderRevocationListener> logger;

    /// <summary>Creates the listener.</summary>
    public ResponderRevocationListener(StoredOcspSigningKeys keys, ILogger<ResponderRevocationListener> logger)
    {
        this.keys = keys;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task OnRevocationChangedAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        try
        {
            if (await keys.ReplaceIfRevokedAsync(caId, serial, cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("OCSP signers of {CaId} rebuilt after the revocation of {Serial}", caId, serial);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Rebuilding the OCSP signers after the revocation of {Serial} by {CaId} failed; they are rebuilt on the next request", serial, caId);
        }
    }
}
