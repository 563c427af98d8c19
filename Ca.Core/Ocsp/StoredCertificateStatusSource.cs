using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Revocation;

namespace Ca.Core.Ocsp;

/// <summary>
/// Answers OCSP status from the certificate table (and, for a root, from its subordinate CAs):
/// good, revoked with time and reason (a hold is revoked/certificateHold), or unknown for a serial
/// this CA never issued.
/// </summary>
public sealed class StoredCertificateStatusSource : ICertificateStatusSource
{
    private readonly IIssuanceStore store;
    private readonly AuthorityRegistry authorities;

    /// <summary>Creates the source.</summary>
    public StoredCertificateStatusSource(IIssuanceStore store, AuthorityRegistry authorities)
    {
        this.store = store;
        this.authorities = authorities;
    }

    /// <inheritdoc />
    public async ValueTask<CertificateStatusInfo> GetStatusAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        var certificate = await store.FindCertificateAsync(serial.Hex, caId, cancellationToken).ConfigureAwait(false);
        if (certificate is not null)
        {
            return certificate.Status switch
            {
                CertificateStatus.Valid => CertificateStatusInfo.Good,
                CertificateStatus.OnHold => CertificateStatusInfo.Revoked(certificate.RevokedAt!.Value, RevocationReason.CertificateHold),
                _ => CertificateStatusInfo.Revoked(certificate.RevokedAt!.Value, (RevocationReason)(certificate.RevocationReason ?? 0)),
            };
        }

        foreach (var child in await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (child.ParentId != caId)
            {
                continue;
            }

            var childCertificate = new Org.BouncyCastle.X509.X509Certificate(child.CertificateDer);
            if (childCertificate.SerialNumber.Equals(serial.Value))
            {
                return child.RevokedAt is { } revokedAt
                    ? CertificateStatusInfo.Revoked(revokedAt, (RevocationReason)(child.RevocationReason ?? 0))
                    : CertificateStatusInfo.Good;
            }
        }

        return CertificateStatusInfo.Unknown;
    }
}
