using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Changes;
using Ca.Core.Keys;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

internal sealed class EfAuthorityStore(ICaDbContextFactory contexts, StorageWriter writer) : IAuthorityStore
{
    public async Task<IReadOnlyList<AuthorityRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Authorities.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.ParentId is null ? 0 : 1).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(ToRecord).ToList();
    }

    public async Task<AuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Authorities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public Task AddAsync(AuthorityRecord authority, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.Authorities.Add(new AuthorityEntity
            {
                Id = authority.Id,
                Name = authority.Name,
                ParentId = authority.ParentId,
                CertificateDer = authority.CertificateDer,
                ProtectedKey = authority.ProtectedKey,
                KeyAlgorithm = authority.KeyAlgorithm.ToName(),
                Status = authority.Status.ToString(),
                CreatedAt = authority.CreatedAt.UtcDateTime,
            });
            return Task.CompletedTask;
        }, [audit], cancellationToken);

    public Task RevokeAsync(string id, int reason, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, ct) =>
        {
            var row = await db.Authorities.FirstAsync(a => a.Id == id, ct).ConfigureAwait(false);
            if (row.Status == nameof(AuthorityStatus.Revoked))
            {
                throw Ca.Core.Common.CaException.Conflict("already-revoked", $"CA {id} is already revoked.");
            }

            row.Status = nameof(AuthorityStatus.Revoked);
            row.RevokedAt = at.UtcDateTime;
            row.RevocationReason = reason;
            EfChangeFeed.Append(db, ChangeKinds.AuthorityStatus, row.ParentId, id, at);
        }, [audit], cancellationToken);

    private static AuthorityRecord ToRecord(AuthorityEntity e) => new(
        e.Id, e.Name, e.ParentId, e.CertificateDer, e.ProtectedKey, KeyAlgorithmNames.Parse(e.KeyAlgorithm),
        Enum.Parse<AuthorityStatus>(e.Status), StoredTime.Utc(e.CreatedAt),
        e.RevokedAt is { } revoked ? StoredTime.Utc(revoked) : null, e.RevocationReason);
}
