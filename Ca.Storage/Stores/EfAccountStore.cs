using Ca.Core.Accounts;
using Ca.Core.Audit;
using Ca.Core.Changes;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

internal sealed class EfAccountStore(ICaDbContextFactory contexts, StorageWriter writer) : IAccountStore
{
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Accounts.AnyAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task AddAsync(Account account, ApiKeyRecord? firstKey, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.Accounts.Add(new AccountEntity
            {
                Id = account.Id,
                Name = account.Name,
                Roles = string.Join(',', account.Roles),
                CreatedAt = account.CreatedAt.UtcDateTime,
            });
            if (firstKey is not null)
            {
                db.ApiKeys.Add(ToEntity(firstKey));
            }

            return Task.CompletedTask;
        }, audit, cancellationToken);

    public async Task<Account?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Accounts.AsNoTracking().OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    public Task DeleteAsync(string id, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, ct) =>
        {
            var account = await db.Accounts.FirstAsync(a => a.Id == id, ct).ConfigureAwait(false);
            account.DeletedAt = at.UtcDateTime;
            foreach (var key in await db.ApiKeys.Where(k => k.AccountId == id && k.RevokedAt == null).ToListAsync(ct).ConfigureAwait(false))
            {
                key.RevokedAt = at.UtcDateTime;
            }

            EfChangeFeed.Append(db, ChangeKinds.AccountDeleted, null, id, at);
        }, [audit], cancellationToken);

    public Task AddKeyAsync(ApiKeyRecord key, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.ApiKeys.Add(ToEntity(key));
            return Task.CompletedTask;
        }, [audit], cancellationToken);

    public async Task<bool> RevokeKeyAsync(string accountId, Guid keyId, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken)
    {
        var found = false;
        await writer.WriteAsync(async (db, ct) =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.AccountId == accountId, ct).ConfigureAwait(false);
            found = key is not null;
            if (key is null)
            {
                throw new KeyNotFoundException();
            }

            key.RevokedAt ??= at.UtcDateTime;
            EfChangeFeed.Append(db, ChangeKinds.ApiKeyRevoked, null, keyId.ToString(), at);
        }, [audit], cancellationToken).ContinueWith(t => t.IsFaulted && t.Exception!.InnerException is KeyNotFoundException ? Task.CompletedTask : t, TaskScheduler.Default).Unwrap().ConfigureAwait(false);
        return found;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<(ApiKeyRecord Key, Account Account)?> FindByKeyHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await (from k in db.ApiKeys.AsNoTracking()
                         join a in db.Accounts.AsNoTracking() on k.AccountId equals a.Id
                         where k.Hash == hash
                         select new { k, a }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : (ToRecord(row.k), ToRecord(row.a));
    }

    private static ApiKeyEntity ToEntity(ApiKeyRecord key) => new()
    {
        Id = key.Id,
        AccountId = key.AccountId,
        Hash = key.Hash,
        CreatedAt = key.CreatedAt.UtcDateTime,
        ExpiresAt = key.ExpiresAt?.UtcDateTime,
        RevokedAt = key.RevokedAt?.UtcDateTime,
    };

    private static ApiKeyRecord ToRecord(ApiKeyEntity e) => new(
        e.Id, e.AccountId, e.Hash, StoredTime.Utc(e.CreatedAt), e.ExpiresAt is { } x ? StoredTime.Utc(x) : null, e.RevokedAt is { } r ? StoredTime.Utc(r) : null);

    private static Account ToRecord(AccountEntity e) => new(
        e.Id, e.Name, e.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), StoredTime.Utc(e.CreatedAt), e.DeletedAt is { } d ? StoredTime.Utc(d) : null);
}
