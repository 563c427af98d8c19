using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Core.Revocation;

/// <summary>
/// Finds the stored rows a status question is about and answers it with <see cref="RevocationState"/>:
/// one serial as its CA issued it (OCSP), or a certificate together with every CA above it (mutual-TLS
/// login, and the TSA and OCSP responder keys the service itself signs with). A certificate under a
/// revoked CA must not be trusted however good its own row looks.
/// </summary>
public sealed class StoredStatusLookup
{
    private const int MaxDepth = 8;
    private readonly IIssuanceStore certificates;
    private readonly AuthorityRegistry authorities;

    /// <summary>Creates the lookup.</summary>
    public StoredStatusLookup(IIssuanceStore certificates, AuthorityRegistry authorities)
    {
        this.certificates = certificates;
        this.authorities = authorities;
    }

    /// <summary>
    /// The state of <paramref name="serial"/> as issued by CA <paramref name="caId"/>: an issued
    /// certificate's row, or the row of a subordinate CA it certified; null when that CA never issued it.
    /// </summary>
    public async Task<RevocationState?> OfSerialAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        var certificate = await certificates.FindCertificateAsync(serial.Hex, caId, cancellationToken).ConfigureAwait(false);
        if (certificate is not null)
        {
            return RevocationState.Of(certificate);
        }

        foreach (var child in await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (child.ParentId == caId && new Org.BouncyCastle.X509.X509Certificate(child.CertificateDer).SerialNumber.Equals(serial.Value))
            {
                return RevocationState.Of(child);
            }
        }

        return null;
    }

    /// <summary>
    /// True when the certificate CA <paramref name="caId"/> issued with <paramref name="serial"/> is on
    /// record and good, and so is every CA from <paramref name="caId"/> up to its root.
    /// </summary>
    public async Task<bool> StandsAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        var own = await OfSerialAsync(caId, serial, cancellationToken).ConfigureAwait(false);
        return own is { IsGood: true }
            && FirstRevokedIssuer(await authorities.ListAsync(cancellationToken).ConfigureAwait(false), caId) is null;
    }

    /// <summary>
    /// The id of the first CA, walking from <paramref name="caId"/> up to its root, whose certificate is
    /// not good; null when every one stands. An unknown or cyclic parent counts as not standing: a chain
    /// we cannot walk is not one we can vouch for.
    /// </summary>
    public static string? FirstRevokedIssuer(IReadOnlyList<AuthorityRecord> authorities, string caId)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        string? next = caId;
        for (var depth = 0; next is not null; depth++)
        {
            var id = next;
            var record = authorities.FirstOrDefault(a => a.Id == id);
            if (record is null || depth == MaxDepth || !RevocationState.Of(record).IsGood)
            {
                return id;
            }

            next = record.ParentId;
        }

        return null;
    }
}
