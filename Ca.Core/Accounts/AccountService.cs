using System.Collections.Concurrent;
using Ca.Core.Audit;
using Ca.Core.Common;
using Microsoft.Extensions.Options;

namespace Ca.Core.Accounts;

/// <summary>
/// Accounts and API keys: who may call the service. Secrets are generated here, returned once, and
/// only their hashes are kept. Every change is audited with the admin who made it.
/// </summary>
public sealed class AccountService
{
    private readonly IAccountStore store;
    private readonly TimeProvider clock;
    private readonly TimeSpan cacheDuration;
    private readonly ConcurrentDictionary<string, (ApiKeyRecord Key, Account Account, DateTimeOffset CachedAt)> authenticated = new(StringComparer.Ordinal);

    /// <summary>Creates the service.</summary>
    public AccountService(IAccountStore store, TimeProvider clock, IOptions<ApiKeyAuthenticationOptions>? options = null)
    {
        this.store = store;
        this.clock = clock;
        cacheDuration = options?.Value.CacheDuration ?? TimeSpan.Zero;
    }

    /// <summary>Creates an account with the given roles.</summary>
    public async Task<Account> CreateAsync(string name, IReadOnlyList<string> roles, CallerContext admin, CancellationToken cancellationToken)
    {
        var account = NewAccount(name, roles);
        await store.AddAsync(account, null, [AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.AccountCreated, account.Id, admin, new { name = account.Name, roles = account.Roles })], cancellationToken).ConfigureAwait(false);
        return account;
    }

    /// <summary>Issues a key; the secret is in the result and nowhere else.</summary>
    public async Task<(ApiKeyRecord Key, string Secret)> CreateKeyAsync(string accountId, DateTimeOffset? expiresAt, CallerContext admin, CancellationToken cancellationToken)
    {
        var account = await FindLiveAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (expiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            throw CaException.BadRequest("invalid-expiry", "expiresAt must be in the future.", "expiresAt");
        }

        var secret = ApiKeys.NewSecret();
        var key = new ApiKeyRecord(Guid.NewGuid(), account.Id, ApiKeys.Hash(secret), clock.GetUtcNow(), expiresAt);
        await store.AddKeyAsync(key, AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.ApiKeyCreated, $"{account.Id}/{key.Id}", admin, new { expiresAt }), cancellationToken).ConfigureAwait(false);
        return (key, secret);
    }

    /// <summary>Revokes a key at once.</summary>
    public async Task RevokeKeyAsync(string accountId, Guid keyId, CallerContext admin, CancellationToken cancellationToken)
    {
        await FindLiveAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (!await store.RevokeKeyAsync(accountId, keyId, clock.GetUtcNow(), AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.ApiKeyRevoked, $"{accountId}/{keyId}", admin, new { }), cancellationToken).ConfigureAwait(false))
        {
            throw CaException.NotFound("key-not-found", $"Account {accountId} has no key {keyId}.");
        }

        Forget(entry => entry.Key.Id == keyId);
    }

    /// <summary>Deletes an account: it can no longer authenticate; its history stays.</summary>
    public async Task DeleteAsync(string accountId, CallerContext admin, CancellationToken cancellationToken)
    {
        await FindLiveAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (string.Equals(accountId, admin.Organization, StringComparison.Ordinal))
        {
            throw CaException.Conflict("cannot-delete-self", "An admin cannot delete their own account.");
        }

        await store.DeleteAsync(accountId, clock.GetUtcNow(), AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.AccountDeleted, accountId, admin, new { }), cancellationToken).ConfigureAwait(false);
        Forget(entry => entry.Account.Id == accountId);
    }

    /// <summary>A live account by id.</summary>
    public Task<Account> GetAsync(string accountId, CancellationToken cancellationToken) => FindLiveAsync(accountId, cancellationToken);

    /// <summary>All live accounts.</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.DeletedAt is null).ToList();

    /// <summary>The keys of an account (hashes never leave the store layer's callers).</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        await FindLiveAsync(accountId, cancellationToken).ConfigureAwait(false);
        return await store.ListKeysAsync(accountId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves a presented secret to its account, or null when the key is unknown, expired or
    /// revoked, or the account is deleted. The secret itself is never logged or stored.
    /// </summary>
    public async Task<Account?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return null;
        }

        var hash = ApiKeys.Hash(secret);
        var now = clock.GetUtcNow();
        if (authenticated.TryGetValue(hash, out var cached) && now - cached.CachedAt < cacheDuration)
        {
            return cached.Key.ExpiresAt is null || cached.Key.ExpiresAt > now ? cached.Account : null;
        }

        var found = await store.FindByKeyHashAsync(hash, cancellationToken).ConfigureAwait(false);
        if (found is not { } match)
        {
            authenticated.TryRemove(hash, out _);
            return null;
        }

        var usable = match.Key.RevokedAt is null && (match.Key.ExpiresAt is null || match.Key.ExpiresAt > now) && match.Account.DeletedAt is null;
        if (usable && cacheDuration > TimeSpan.Zero)
        {
            authenticated[hash] = (match.Key, match.Account, now);
        }
        else
        {
            authenticated.TryRemove(hash, out _);
        }

        return usable ? match.Account : null;
    }

    /// <summary>
    /// On a system without accounts, creates the first admin with the configured key, or with a new
    /// one that is returned so the host can show it once. Returns null when accounts already exist.
    /// </summary>
    public async Task<(Account Admin, string? GeneratedSecret)?> BootstrapAdminAsync(string? configuredSecret, CancellationToken cancellationToken)
    {
        if (await store.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (configuredSecret is not null && configuredSecret.Length < 32)
        {
            throw new InvalidOperationException("Pki:Bootstrap:AdminApiKey must be at least 32 characters of random text.");
        }

        var secret = configuredSecret ?? ApiKeys.NewSecret();
        var admin = NewAccount("bootstrap-admin", [Roles.Admin]);
        var key = new ApiKeyRecord(Guid.NewGuid(), admin.Id, ApiKeys.Hash(secret), clock.GetUtcNow(), null);
        var system = CallerContext.System("bootstrap");
        await store.AddAsync(admin, key,
        [
            AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.AccountCreated, admin.Id, system, new { name = admin.Name, roles = admin.Roles }),
            AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.ApiKeyCreated, $"{admin.Id}/{key.Id}", system, new { source = configuredSecret is null ? "generated" : "configuration" }),
        ], cancellationToken).ConfigureAwait(false);
        return (admin, configuredSecret is null ? secret : null);
    }

    /// <summary>Drops a cached key, so its next use asks the store (a revocation made on another instance).</summary>
    public void ForgetKey(Guid keyId) => Forget(entry => entry.Key.Id == keyId);

    /// <summary>Drops every cached key of an account (deleted on another instance).</summary>
    public void ForgetAccount(string accountId) => Forget(entry => string.Equals(entry.Account.Id, accountId, StringComparison.Ordinal));

    private void Forget(Func<(ApiKeyRecord Key, Account Account, DateTimeOffset CachedAt), bool> match)
    {
        foreach (var entry in authenticated.Where(e => match(e.Value)).ToList())
        {
            authenticated.TryRemove(entry.Key, out _);
        }
    }

    private Account NewAccount(string name, IReadOnlyList<string> roles)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            throw CaException.BadRequest("invalid-name", "name must be 1 to 128 characters.", "name");
        }

        if (roles is null || roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            throw CaException.BadRequest("invalid-roles", $"roles must be a non-empty subset of {string.Join(", ", Roles.All)}.", "roles");
        }

        return new Account("acc_" + Guid.NewGuid().ToString("N")[..20], name.Trim(), roles.Distinct().ToList(), clock.GetUtcNow());
    }

    private async Task<Account> FindLiveAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync(accountId, cancellationToken).ConfigureAwait(false);
        return account is { DeletedAt: null } ? account : throw CaException.NotFound("account-not-found", $"Account {accountId} does not exist.");
    }
}
