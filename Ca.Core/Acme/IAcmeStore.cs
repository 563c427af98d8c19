using Ca.Core.Acme.Eab;
using Ca.Core.Audit;

namespace Ca.Core.Acme;

/// <summary>
/// Persistence port for ACME state. Every write carries its audit events and commits them with the
/// change; updates are compare-and-set on the expected prior status and throw a Conflict
/// <see cref="Common.CaException"/> when another request changed it first.
/// </summary>
public interface IAcmeStore
{
    /// <summary>Stores a new account; with an EAB credential, binds it in the same transaction (Conflict if already bound or revoked).</summary>
    Task AddAccountAsync(AcmeAccount account, string? eabKeyId, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>An account by id.</summary>
    Task<AcmeAccount?> FindAccountAsync(string id, CancellationToken cancellationToken);

    /// <summary>The account with this key.</summary>
    Task<AcmeAccount?> FindAccountByThumbprintAsync(string thumbprint, CancellationToken cancellationToken);

    /// <summary>The ACME accounts a service account owns.</summary>
    Task<IReadOnlyList<AcmeAccount>> ListAccountsByOwnerAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Replaces an account (contact, status, key) if its status is still <paramref name="expected"/>; a key already in use is a Conflict.</summary>
    Task UpdateAccountAsync(AcmeAccount account, AcmeAccountStatus expected, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>Stores a new order with the authorizations created for it.</summary>
    Task AddOrderAsync(AcmeOrder order, IReadOnlyList<AcmeAuthorization> newAuthorizations, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>An order by id.</summary>
    Task<AcmeOrder?> FindOrderAsync(string id, CancellationToken cancellationToken);

    /// <summary>The order that produced a certificate.</summary>
    Task<AcmeOrder?> FindOrderByCertificateAsync(string serialHex, CancellationToken cancellationToken);

    /// <summary>Order ids of an account, newest first, one page (and whether more follow).</summary>
    Task<(IReadOnlyList<string> Ids, bool More)> ListOrderIdsAsync(string accountId, DateTimeOffset notExpiredAt, int skip, int take, CancellationToken cancellationToken);

    /// <summary>Orders an account created since <paramref name="since"/> (rate limit).</summary>
    Task<int> CountOrdersSinceAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Replaces an order if its stored status is still <paramref name="expected"/>.</summary>
    Task UpdateOrderAsync(AcmeOrder order, AcmeOrderStatus expected, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>An authorization by id.</summary>
    Task<AcmeAuthorization?> FindAuthorizationAsync(string id, CancellationToken cancellationToken);

    /// <summary>Authorizations by id (missing ones left out).</summary>
    Task<IReadOnlyList<AcmeAuthorization>> FindAuthorizationsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>A valid, unexpired authorization of the account for the identifier, to reuse.</summary>
    Task<AcmeAuthorization?> FindValidAuthorizationAsync(string accountId, AcmeIdentifier identifier, bool wildcard, DateTimeOffset validAfter, CancellationToken cancellationToken);

    /// <summary>Pending, unexpired authorizations the account holds.</summary>
    Task<int> CountPendingAuthorizationsAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces an authorization (with its challenges) if its status is still <paramref name="expected"/>.</summary>
    Task UpdateAuthorizationAsync(AcmeAuthorization authorization, AcmeAuthorizationStatus expected, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>Authorizations with a challenge in processing (to resume validation after a restart).</summary>
    Task<IReadOnlyList<AcmeAuthorization>> ListProcessingAuthorizationsAsync(int max, CancellationToken cancellationToken);

    /// <summary>Stores a new EAB credential.</summary>
    Task AddEabCredentialAsync(EabCredential credential, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>An EAB credential by kid.</summary>
    Task<EabCredential?> FindEabCredentialAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>EAB credentials, of one owner or of all.</summary>
    Task<IReadOnlyList<EabCredential>> ListEabCredentialsAsync(string? owner, CancellationToken cancellationToken);

    /// <summary>Revokes a credential and the ACME account it created, in one transaction.</summary>
    Task RevokeEabCredentialAsync(string keyId, DateTimeOffset at, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);
}
