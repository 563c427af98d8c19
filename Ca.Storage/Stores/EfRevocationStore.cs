using Ca.Core.Audit;
using Ca.Core.Changes;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Revocation;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.X509;

namespace Ca.Storage.Stores;

internal sealed class EfRevocationStore(ICaDbContextFactory contexts, StorageWriter writer) : IRevocationStore
{
    public async Task ChangeStatusAsync(RevocationChange change, AuditEvent audit, CancellationToken cancellationToken)
    {
        string? profile = null;
        await writer.WriteAsync(async (db, ct) =>
        {
            var row = await db.Certificates.FirstOrDefaultAsync(c => c.IssuerId == change.IssuerId && c.SerialNumber == change.SerialNumber, ct).ConfigureAwait(false)
                ?? throw CaException.NotFound("certificate-not-found", $"No certificate with serial {change.SerialNumber}.");
            if (row.Status != change.Expected.ToString())
            {
                throw CaException.Conflict("revocation-state-changed", $"Certificate {change.SerialNumber} is {row.Status}; the change was not applied.");
            }

            row.Status = change.Next.ToString();
            row.RevocationReason = change.Reason;
            row.RevokedAt = change.RevokedAt?.UtcDateTime;
            row.InvalidityDate = change.InvalidityDate?.UtcDateTime;
            row.UnheldAt = change.UnheldAt?.UtcDateTime;
            row.StatusChangedAt = change.ChangedAt.UtcDateTime;
            EfChangeFeed.Append(db, ChangeKinds.CertificateStatus, change.IssuerId, change.SerialNumber, change.ChangedAt);
            profile = row.Profile;
        }, [audit], cancellationToken).ConfigureAwait(false);
        if (change.Next != CertificateStatus.Valid && profile is not null)
        {
            PkiMetrics.CertificateRevoked(profile);
        }
    }

    public async Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(string caId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Certificates.AsNoTracking()
            .Where(c => c.IssuerId == caId && (c.RevokedAt != null || c.UnheldAt != null))
            .Select(c => new { c.SerialNumber, c.RevokedAt, c.RevocationReason, c.NotAfter, c.InvalidityDate, c.UnheldAt, c.StatusChangedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<RevocationRecord>(rows.Count + 4);
        foreach (var r in rows)
        {
            if (!SerialNumber.TryParse(r.SerialNumber, out var serial))
            {
                continue;
            }

            records.Add(new RevocationRecord(
                serial,
                StoredTime.Utc(r.RevokedAt ?? r.UnheldAt!.Value),
                (RevocationReason)(r.RevocationReason ?? (int)RevocationReason.CertificateHold),
                StoredTime.Utc(r.NotAfter),
                r.InvalidityDate is { } i ? StoredTime.Utc(i) : null,
                r.UnheldAt is { } u ? StoredTime.Utc(u) : null,
                r.StatusChangedAt is { } changed && r.RevokedAt is { } revoked && changed > revoked && r.UnheldAt is null ? StoredTime.Utc(changed) : null));
        }

        // A root's CRL (the ARL) lists its revoked subordinate CAs.
        var children = await db.Authorities.AsNoTracking().Where(a => a.ParentId == caId && a.RevokedAt != null).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var child in children)
        {
            var certificate = new X509Certificate(child.CertificateDer);
            records.Add(new RevocationRecord(
                SerialNumber.From(certificate.SerialNumber),
                StoredTime.Utc(child.RevokedAt!.Value),
                (RevocationReason)(child.RevocationReason ?? 0),
                StoredTime.Utc(certificate.NotAfter)));
        }

        return records;
    }

    public async Task<long> LastCrlNumberAsync(string caId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Crls.AsNoTracking().Where(c => c.CaId == caId).MaxAsync(c => (long?)c.Number, cancellationToken).ConfigureAwait(false) ?? 0;
    }

    public async Task<StoredCrl?> LatestCrlAsync(string caId, bool delta, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Crls.AsNoTracking().Where(c => c.CaId == caId && c.IsDelta == delta).OrderByDescending(c => c.Number)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : new StoredCrl(row.CaId, row.Number, row.IsDelta, row.BaseNumber, StoredTime.Utc(row.ThisUpdate), StoredTime.Utc(row.NextUpdate), row.Der);
    }

    public async Task SaveCrlAsync(StoredCrl crl, AuditEvent audit, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync((db, _) =>
            {
                db.Crls.Add(new CrlEntity
                {
                    CaId = crl.CaId,
                    Number = crl.Number,
                    IsDelta = crl.IsDelta,
                    BaseNumber = crl.BaseNumber,
                    ThisUpdate = crl.ThisUpdate.UtcDateTime,
                    NextUpdate = crl.NextUpdate.UtcDateTime,
                    Der = crl.Der,
                });
                return Task.CompletedTask;
            }, [audit], cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e, "Crls"))
        {
            throw new CrlNumberConflictException($"CRL number {crl.Number} of {crl.CaId} is already published.", e);
        }
    }
}
