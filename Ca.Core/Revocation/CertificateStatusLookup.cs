using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Core.Revocation;

/// <summary>
/// The public answer to "is this certificate still good?" by serial number alone, for people who
/// have no OCSP client: the same stored row OCSP and CRLs read, and no more than they reveal
/// (status, reason, times, issuing CA) — never the subject or the owner.
/// </summary>
public sealed class CertificateStatusLookup
{
    private readonly IIssuanceStore store;
    private readonly TimeProvider clock;

    /// <summary>Creates the lookup.</summary>
    public CertificateStatusLookup(IIssuanceStore store, TimeProvider clock)
    {
        this.store = store;
        this.clock = clock;
    }

    /// <summary>The status of the certificate with this serial, or null when this service never issued one.</summary>
    public async Task<PublicCertificateStatus?> FindAsync(SerialNumber serial, CancellationToken cancellationToken)
    {
        var certificate = await store.FindCertificateAsync(serial.Hex, null, cancellationToken).ConfigureAwait(false);
        if (certificate is null)
        {
            return null;
        }

        var reason = certificate.Status == CertificateStatus.OnHold ? RevocationReason.CertificateHold
            : certificate.RevocationReason is { } code && RevocationReasons.TryFromCode(code, out var known) ? known
            : (RevocationReason?)null;
        return new PublicCertificateStatus(
            certificate.SerialNumber,
            certificate.IssuerId,
            certificate.Status,
            certificate.NotBefore,
            certificate.NotAfter,
            clock.GetUtcNow() > certificate.NotAfter,
            certificate.Status == CertificateStatus.Valid ? null : certificate.RevokedAt,
            certificate.Status == CertificateStatus.Valid ? null : reason);
    }
}

/// <summary>What anyone may know about a certificate by its serial.</summary>
/// <param name="SerialNumber">Canonical hex.</param>
/// <param name="IssuerId">The issuing CA.</param>
/// <param name="Status">Valid, revoked or on hold.</param>
/// <param name="NotBefore">Validity start.</param>
/// <param name="NotAfter">Validity end.</param>
/// <param name="Expired">True once notAfter has passed.</param>
/// <param name="RevokedAt">When it was revoked or put on hold.</param>
/// <param name="Reason">Why.</param>
public sealed record PublicCertificateStatus(
    string SerialNumber,
    string IssuerId,
    CertificateStatus Status,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool Expired,
    DateTimeOffset? RevokedAt,
    RevocationReason? Reason);
