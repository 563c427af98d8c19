using Ca.Core.Audit;

namespace Ca.Core.Accounts;

/// <summary>Persistence port for accounts and their API keys; writes carry their audit events.</summary>
public interface IAccountStore
{
    /// <summary>True when at least one account exists (bootstrap runs only on an empty system).</summary>
    Task<bool> AnyAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new account, optionally with a first key.</summary>
    Task AddAsync(Account account, ApiKeyRecord? firstKey, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>An account by id (deleted ones included).</summary>
    Task<Account?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>All accounts.</summary>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Marks the account deleted and revokes all its keys.</summary>
    Task DeleteAsync(string id, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Adds a key to an account.</summary>
    Task AddKeyAsync(ApiKeyRecord key, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Revokes one key; false when the account has no such key.</summary>
    Task<bool> RevokeKeyAsync(string accountId, Guid keyId, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>The keys of an account.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The key with this hash and its account, for authentication.</summary>
    Task<(ApiKeyRecord Key, Account Account)?> FindByKeyHashAsync(string hash, CancellationToken cancellationToken);
}
