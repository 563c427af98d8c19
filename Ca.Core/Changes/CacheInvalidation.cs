using Ca.Core.Accounts;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;

namespace Ca.Core.Changes;

/// <summary>
/// What one instance drops from memory when it hears of a change, made here or on another instance: what
/// the <see cref="IInstanceRevocationListener"/>s hold (pre-signed OCSP responses of a serial, an OCSP
/// responder or TSA key whose certificate or CA was revoked: the seam the revoking instance uses
/// in-process), a cached API key or account, a CA whose status changed. Dropping twice is harmless, so
/// the instance that made the change applies its own events again.
/// </summary>
public sealed class CacheInvalidation
{
    private readonly IReadOnlyList<IInstanceRevocationListener> listeners;
    private readonly OcspResponseCache ocspCache;
    private readonly AccountService accounts;
    private readonly AuthorityRegistry authorities;

    /// <summary>Creates the invalidation.</summary>
    public CacheInvalidation(IEnumerable<IInstanceRevocationListener> listeners, OcspResponseCache ocspCache, AccountService accounts, AuthorityRegistry authorities)
    {
        this.listeners = listeners.ToList();
        this.ocspCache = ocspCache;
        this.accounts = accounts;
        this.authorities = authorities;
    }

    /// <summary>Applies one event; unknown kinds (from a newer version) are ignored.</summary>
    public async Task ApplyAsync(ChangeEvent change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        switch (change.Kind)
        {
            case ChangeKinds.CertificateStatus when change.CaId is not null && SerialNumber.TryParse(change.Subject, out var serial):
                await NotifyAsync(change.CaId, serial, cancellationToken).ConfigureAwait(false);
                break;
            case ChangeKinds.AuthorityStatus:
                authorities.Invalidate(change.Subject);
                ocspCache.InvalidateAuthority(change.Subject);
                if (change.CaId is not null)
                {
                    ocspCache.InvalidateAuthority(change.CaId);

                    // Responders and TSA keys below the CA depend on its certificate, known by its serial under the parent.
                    if (await authorities.FindAsync(change.Subject, cancellationToken).ConfigureAwait(false) is { } revoked)
                    {
                        await NotifyAsync(change.CaId, SerialNumber.From(revoked.Certificate.SerialNumber), cancellationToken).ConfigureAwait(false);
                    }
                }

                break;
            case ChangeKinds.ApiKeyRevoked when Guid.TryParse(change.Subject, out var keyId):
                accounts.ForgetKey(keyId);
                break;
            case ChangeKinds.AccountDeleted:
                accounts.ForgetAccount(change.Subject);
                break;
        }
    }

    private async Task NotifyAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.OnRevocationChangedAsync(caId, serial, cancellationToken).ConfigureAwait(false);
        }
    }
}
