using Ca.Core.Common;
using Ca.Core.Revocation;

namespace Ca.Core.Ocsp;

/// <summary>Drops a serial's pre-signed OCSP response the moment its revocation state changes.</summary>
public sealed class OcspCacheInvalidator : IInstanceRevocationListener
{
    private readonly OcspResponseCache cache;

    /// <summary>Creates the invalidator.</summary>
    public OcspCacheInvalidator(OcspResponseCache cache) => this.cache = cache;

    /// <inheritdoc />
    public Task OnRevocationChangedAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        cache.Invalidate(caId, serial);
        return Task.CompletedTask;
    }
}
