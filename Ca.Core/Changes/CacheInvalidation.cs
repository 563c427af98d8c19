using Ca.Core.Accounts;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Ocsp;

namespace Ca.Core.Changes;

/// <summary>
/// What one instance drops from memory when it hears of a change, made here or on another instance:
/// the pre-signed OCSP responses of a serial (through <see cref="OcspCacheInvalidator"/>, the seam the
/// revoking instance uses in-process), a cached API key or account, a CA whose status changed. Dropping
/// twice is harmless, so the instance that made the change applies its own events again.
/// </summary>
public sealed class CacheInvalidation
{
    private readonly OcspCacheInvalidator ocsp;
    private readonly OcspResponseCache ocspCache;
    private readonly AccountService accounts;
    private readonly AuthorityRegistry authorities;

    /// <summary>Creates the invalidation.</summary>
    public CacheInvalidation(OcspCacheInvalidator ocsp, OcspResponseCache ocspCache, AccountService accounts, AuthorityRegistry authorities)
    {
        this.ocsp = ocsp;
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
                await ocsp.OnRevocationChangedAsync(change.CaId, serial, cancellationToken).ConfigureAwait(false);
                break;
            case ChangeKinds.AuthorityStatus:
                authorities.Invalidate(change.Subject);
                ocspCache.InvalidateAuthority(change.Subject);
                if (change.CaId is not null)
                {
                    ocspCache.InvalidateAuthority(change.CaId);
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
}
