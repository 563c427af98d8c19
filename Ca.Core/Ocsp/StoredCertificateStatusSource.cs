using Ca.Core.Common;
using Ca.Core.Revocation;

namespace Ca.Core.Ocsp;

/// <summary>
/// Answers OCSP status from the stored rows (<see cref="StoredStatusLookup"/>; for a root, its
/// subordinate CAs): good, revoked with time and reason (a hold is revoked/certificateHold), or unknown
/// for a serial this CA never issued.
/// </summary>
public sealed class StoredCertificateStatusSource : ICertificateStatusSource
{
    private readonly StoredStatusLookup lookup;

    /// <summary>Creates the source.</summary>
    public StoredCertificateStatusSource(StoredStatusLookup lookup) => this.lookup = lookup;

    /// <inheritdoc />
    public async ValueTask<CertificateStatusInfo> GetStatusAsync(string caId, SerialNumber serial, CancellationToken cancellationToken) =>
        await lookup.OfSerialAsync(caId, serial, cancellationToken).ConfigureAwait(false) switch
        {
            null => CertificateStatusInfo.Unknown,
            { IsGood: true } => CertificateStatusInfo.Good,
            var revoked => CertificateStatusInfo.Revoked(revoked.RevokedAt!.Value, revoked.Reason!.Value),
        };
}
