using Ca.Core.Acme;
using Ca.Core.Acme.Eab;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

/// <summary>ACME state through the single writer: every change commits with its audit records.</summary>
internal sealed class EfAcmeStore(ICaDbContextFactory contexts, StorageWriter writer) : IAcmeStore
{
    public async Task AddAccountAsync(AcmeAccount account, string? eabKeyId, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(async (db, ct) =>
            {
                if (eabKeyId is not null)
                {
                    var credential = await db.Set<AcmeEabCredentialEntity>().FirstOrDefaultAsync(e => e.KeyId == eabKeyId, ct).ConfigureAwait(false);
                    if (credential is null || credential.RevokedAt is not null || credential.BoundAccountId is not null)
                    {
                        throw CaException.Conflict("eab-unusable", "The external account binding credential is revoked or already used.");
                    }

                    credential.BoundAccountId = account.Id;
                    credential.BoundAt = account.CreatedAt.UtcDateTime;
                }

                db.Set<AcmeAccountEntity>().Add(AcmeMapping.ToEntity(account));
            }, audit, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e, "AcmeAccounts"))
        {
            throw CaException.Conflict("acme-key-in-use", "An account with this key already exists.");
        }
    }

    public async Task<AcmeAccount?> FindAccountAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AcmeAccountEntity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<AcmeAccount?> FindAccountByThumbprintAsync(string thumbprint, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AcmeAccountEntity>().AsNoTracking().FirstOrDefaultAsync(a => a.KeyThumbprint == thumbprint, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<IReadOnlyList<AcmeAccount>> ListAccountsByOwnerAsync(string owner, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<AcmeAccountEntity>().AsNoTracking().Where(a => a.Owner == owner).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(AcmeMapping.ToRecord).ToList();
    }

    public async Task UpdateAccountAsync(AcmeAccount account, AcmeAccountStatus expected, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(async (db, ct) =>
            {
                var row = await db.Set<AcmeAccountEntity>().FirstOrDefaultAsync(a => a.Id == account.Id, ct).ConfigureAwait(false);
                if (row is null || row.Status != expected.ToString())
                {
                    throw CaException.Conflict("acme-account-changed", "The account changed meanwhile; retry.");
                }

                AcmeMapping.CopyTo(account, row);
            }, audit, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e, "AcmeAccounts"))
        {
            throw CaException.Conflict("acme-key-in-use", "Another account already uses this key.");
        }
    }

    public Task AddOrderAsync(AcmeOrder order, IReadOnlyList<AcmeAuthorization> newAuthorizations, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.Set<AcmeOrderEntity>().Add(AcmeMapping.ToEntity(order));
            db.Set<AcmeAuthorizationEntity>().AddRange(newAuthorizations.Select(AcmeMapping.ToEntity));
            return Task.CompletedTask;
        }, audit, cancellationToken);

    public async Task<AcmeOrder?> FindOrderAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AcmeOrderEntity>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<AcmeOrder?> FindOrderByCertificateAsync(string serialHex, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AcmeOrderEntity>().AsNoTracking().FirstOrDefaultAsync(o => o.CertificateSerial == serialHex, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<(IReadOnlyList<string> Ids, bool More)> ListOrderIdsAsync(string accountId, DateTimeOffset notExpiredAt, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var cutoff = notExpiredAt.UtcDateTime;
        var ids = await db.Set<AcmeOrderEntity>().AsNoTracking()
            .Where(o => o.AccountId == accountId && (o.Expires > cutoff || o.Status == nameof(AcmeOrderStatus.Valid)))
            .OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Skip(skip).Take(take + 1).Select(o => o.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (ids.Take(take).ToList(), ids.Count > take);
    }

    public async Task<int> CountOrdersSinceAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var cutoff = since.UtcDateTime;
        return await db.Set<AcmeOrderEntity>().CountAsync(o => o.AccountId == accountId && o.CreatedAt > cutoff, cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateOrderAsync(AcmeOrder order, AcmeOrderStatus expected, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, ct) =>
        {
            var row = await db.Set<AcmeOrderEntity>().FirstOrDefaultAsync(o => o.Id == order.Id, ct).ConfigureAwait(false);
            if (row is null || row.Status != expected.ToString())
            {
                throw CaException.Conflict("acme-order-changed", $"The order is no longer {expected.ToString().ToLowerInvariant()}.");
            }

            AcmeMapping.CopyTo(order, row);
        }, audit, cancellationToken);

    public async Task<AcmeAuthorization?> FindAuthorizationAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AcmeAuthorizationEntity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<IReadOnlyList<AcmeAuthorization>> FindAuthorizationsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var list = ids.ToList();
        var rows = await db.Set<AcmeAuthorizationEntity>().AsNoTracking().Where(a => list.Contains(a.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(AcmeMapping.ToRecord).OrderBy(a => list.IndexOf(a.Id)).ToList();
    }

    public async Task<AcmeAuthorization?> FindValidAuthorizationAsync(string accountId, AcmeIdentifier identifier, bool wildcard, DateTimeOffset validAfter, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var cutoff = validAfter.UtcDateTime;
        var row = await db.Set<AcmeAuthorizationEntity>().AsNoTracking()
            .Where(a => a.AccountId == accountId && a.IdentifierValue == identifier.Value && a.IdentifierType == identifier.Type
                && a.Status == nameof(AcmeAuthorizationStatus.Valid) && a.Expires > cutoff && a.Wildcard == wildcard)
            .OrderByDescending(a => a.Expires).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<int> CountPendingAuthorizationsAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var cutoff = now.UtcDateTime;
        return await db.Set<AcmeAuthorizationEntity>().CountAsync(a => a.AccountId == accountId && a.Status == nameof(AcmeAuthorizationStatus.Pending) && a.Expires > cutoff, cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateAuthorizationAsync(AcmeAuthorization authorization, AcmeAuthorizationStatus expected, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, ct) =>
        {
            var row = await db.Set<AcmeAuthorizationEntity>().FirstOrDefaultAsync(a => a.Id == authorization.Id, ct).ConfigureAwait(false);
            if (row is null || row.Status != expected.ToString())
            {
                throw CaException.Conflict("acme-authorization-changed", $"The authorization is no longer {expected.ToString().ToLowerInvariant()}.");
            }

            AcmeMapping.CopyTo(authorization, row);
        }, audit, cancellationToken);

    public async Task<IReadOnlyList<AcmeAuthorization>> ListProcessingAuthorizationsAsync(int max, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<AcmeAuthorizationEntity>().AsNoTracking()
            .Where(a => a.Processing && a.Status == nameof(AcmeAuthorizationStatus.Pending)).Take(max).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(AcmeMapping.ToRecord).ToList();
    }

    public Task AddEabCredentialAsync(EabCredential credential, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.Set<AcmeEabCredentialEntity>().Add(AcmeMapping.ToEntity(credential));
            return Task.CompletedTask;
        }, [audit], cancellationToken);

    public async Task<EabCredential?> FindEabCredentialAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AcmeEabCredentialEntity>().AsNoTracking().FirstOrDefaultAsync(e => e.KeyId == keyId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : AcmeMapping.ToRecord(row);
    }

    public async Task<IReadOnlyList<EabCredential>> ListEabCredentialsAsync(string? owner, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var query = db.Set<AcmeEabCredentialEntity>().AsNoTracking();
        if (owner is not null)
        {
            query = query.Where(e => e.Owner == owner);
        }

        var rows = await query.OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(AcmeMapping.ToRecord).ToList();
    }

    public Task RevokeEabCredentialAsync(string keyId, DateTimeOffset at, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, ct) =>
        {
            var credential = await db.Set<AcmeEabCredentialEntity>().FirstOrDefaultAsync(e => e.KeyId == keyId, ct).ConfigureAwait(false)
                ?? throw CaException.NotFound("eab-not-found", $"There is no EAB credential {keyId}.");
            if (credential.RevokedAt is not null)
            {
                throw CaException.Conflict("eab-already-revoked", $"EAB credential {keyId} is already revoked.");
            }

            credential.RevokedAt = at.UtcDateTime;
            if (credential.BoundAccountId is { } accountId)
            {
                var account = await db.Set<AcmeAccountEntity>().FirstOrDefaultAsync(a => a.Id == accountId, ct).ConfigureAwait(false);
                if (account is not null && account.Status == nameof(AcmeAccountStatus.Valid))
                {
                    account.Status = nameof(AcmeAccountStatus.Revoked);
                }
            }
        }, audit, cancellationToken);
}
