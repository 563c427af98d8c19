using Ca.Core.Audit;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

internal sealed class EfServiceKeyStore(ICaDbContextFactory contexts, StorageWriter writer) : IServiceKeyStore
{
    public async Task<IReadOnlyList<ServiceKeyRecord>> ListAsync(ServiceKeyPurpose purpose, string? caId, bool includeInactive, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var text = purpose.ToString();
        var rows = db.ServiceKeys.AsNoTracking().Where(k => k.Purpose == text);
        if (caId is not null)
        {
            rows = rows.Where(k => k.CaId == caId);
        }

        if (!includeInactive)
        {
            rows = rows.Where(k => k.Active);
        }

        return (await rows.OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ToRecord).ToList();
    }

    public async Task<ServiceKeyRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.ServiceKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public Task AddAsync(ServiceKeyRecord key, IssuedCertificateRecord certificate, string? supersedes, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync(async (db, ct) =>
        {
            db.ServiceKeys.Add(new ServiceKeyEntity
            {
                Id = key.Id,
                Purpose = key.Purpose.ToString(),
                CaId = key.CaId,
                Name = key.Name,
                Owner = key.Owner,
                CertificateDer = key.CertificateDer,
                ProtectedKey = key.ProtectedKey,
                KeyAlgorithm = key.Algorithm.ToName(),
                CreatedAt = key.CreatedAt.UtcDateTime,
                NotAfter = key.NotAfter.UtcDateTime,
                Active = key.Active,
            });
            db.Certificates.Add(IssuanceMapping.ToEntity(certificate));
            if (supersedes is not null && await db.ServiceKeys.FirstOrDefaultAsync(k => k.Id == supersedes, ct).ConfigureAwait(false) is { } old)
            {
                old.Active = false;
            }
        }, [audit], cancellationToken);

    private static ServiceKeyRecord ToRecord(ServiceKeyEntity e) => new(
        e.Id,
        Enum.Parse<ServiceKeyPurpose>(e.Purpose),
        e.CaId,
        e.Name,
        e.Owner,
        e.CertificateDer,
        e.ProtectedKey,
        KeyAlgorithmNames.Parse(e.KeyAlgorithm),
        StoredTime.Utc(e.CreatedAt),
        StoredTime.Utc(e.NotAfter),
        e.Active);
}
