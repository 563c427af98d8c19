using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

internal sealed class EfIssuanceStore(ICaDbContextFactory contexts, StorageWriter writer) : IIssuanceStore
{
    public Task SaveIssuedAsync(CertificateRequestRecord request, IssuedCertificateRecord certificate, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        // The decided request is updated through EF (its status is the concurrency token); the new
        // certificate row is appended with the batch's multi-row insert.
        return SaveIssuedCoreAsync(request, certificate, audit, [IssuanceMapping.ToEntity(certificate)],
            (db, ct) => UpsertRequestAsync(db, request, ct), cancellationToken);
    }

    public Task SaveNewIssuedAsync(CertificateRequestRecord request, IssuedCertificateRecord certificate, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        // Rows are mapped here, on the caller's thread; the single writer only adds them (no lookup:
        // the request was created by this very call).
        object[] rows = [IssuanceMapping.ToEntity(request), IssuanceMapping.ToEntity(certificate)];
        return SaveIssuedCoreAsync(request, certificate, audit, rows, (_, _) => Task.CompletedTask, cancellationToken);
    }

    private async Task SaveIssuedCoreAsync(CertificateRequestRecord request, IssuedCertificateRecord certificate, IReadOnlyList<AuditEvent> audit, IReadOnlyList<object> newRows, Func<CaDbContext, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(apply, newRows, audit, cancellationToken).ConfigureAwait(false);
            PkiMetrics.CertificateIssued(certificate.Profile);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e, "Certificates"))
        {
            throw new SerialNumberCollisionException($"Serial {certificate.SerialNumber} already exists for {certificate.IssuerId}.", e);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new CaException(CaErrorKind.Conflict, "request-not-pending", $"Certificate request {request.Id} was decided by someone else meanwhile.", null, e);
        }
    }

    public async Task SaveRequestAsync(CertificateRequestRecord request, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync((db, ct) => UpsertRequestAsync(db, request, ct), audit, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new CaException(CaErrorKind.Conflict, "request-not-pending", $"Certificate request {request.Id} was decided by someone else meanwhile.", null, e);
        }
    }

    public async Task<CertificateRequestRecord?> FindRequestAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.CertificateRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : IssuanceMapping.ToRecord(row);
    }

    public async Task<PagedResult<CertificateRequestRecord>> QueryRequestsAsync(RequestStatus? status, string? requester, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.CertificateRequests.AsNoTracking();
        if (status is { } s)
        {
            var text = s.ToString();
            rows = rows.Where(r => r.Status == text);
        }

        if (requester is not null)
        {
            rows = rows.Where(r => r.Requester == requester);
        }

        var offset = Paging.Offset(page, pageSize);
        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await rows.OrderByDescending(r => r.SubmittedAt).Skip(offset).Take(pageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PagedResult<CertificateRequestRecord>(items.Select(IssuanceMapping.ToRecord).ToList(), total, page, pageSize);
    }

    public async Task<IReadOnlyList<CertificateRequestRecord>> ListPendingSubmittedBeforeAsync(DateTimeOffset cutoff, int max, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var pending = nameof(RequestStatus.Pending);
        var limit = cutoff.UtcDateTime;
        var rows = await db.CertificateRequests.AsNoTracking().Where(r => r.Status == pending && r.SubmittedAt < limit)
            .OrderBy(r => r.SubmittedAt).Take(max).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(IssuanceMapping.ToRecord).ToList();
    }

    public async Task<IssuedCertificateRecord?> FindCertificateAsync(string serialHex, string? issuerId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var query = db.Certificates.AsNoTracking().Where(c => c.SerialNumber == serialHex);
        if (issuerId is not null)
        {
            query = query.Where(c => c.IssuerId == issuerId);
        }

        // The unique (SerialNumber, IssuerId) index's own order: no sort step (should two issuers share a serial).
        var row = await query.OrderBy(c => c.IssuerId).ThenBy(c => c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : IssuanceMapping.ToRecord(row);
    }

    public async Task<PagedResult<IssuedCertificateRecord>> QueryCertificatesAsync(CertificateQuery query, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.Certificates.AsNoTracking();
        if (query.Status is { } status)
        {
            var text = status.ToString();
            rows = rows.Where(c => c.Status == text);
        }

        if (query.Expired is { } expired)
        {
            var asOf = query.AsOf.UtcDateTime;
            rows = expired ? rows.Where(c => c.NotAfter < asOf) : rows.Where(c => c.NotAfter >= asOf);
        }

        if (!string.IsNullOrEmpty(query.Profile))
        {
            rows = rows.Where(c => c.Profile == query.Profile);
        }

        if (!string.IsNullOrEmpty(query.IssuerId))
        {
            rows = rows.Where(c => c.IssuerId == query.IssuerId);
        }

        if (!string.IsNullOrEmpty(query.Owner))
        {
            rows = rows.Where(c => c.Owner == query.Owner);
        }

        if (query.ExpiringBefore is { } before)
        {
            var limit = before.UtcDateTime;
            rows = rows.Where(c => c.NotAfter < limit);
        }

        if (!string.IsNullOrEmpty(query.SubjectContains))
        {
            var pattern = "%" + query.SubjectContains.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(c => EF.Functions.Like(c.Subject, pattern, "\\"));
        }

        var offset = Paging.Offset(query.Page, query.PageSize);
        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await rows.OrderByDescending(c => c.Id)
            .Skip(offset).Take(query.PageSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PagedResult<IssuedCertificateRecord>(page.Select(IssuanceMapping.ToRecord).ToList(), total, query.Page, query.PageSize);
    }

    private static async Task UpsertRequestAsync(CaDbContext db, CertificateRequestRecord request, CancellationToken cancellationToken)
    {
        var existing = await db.CertificateRequests.FirstOrDefaultAsync(r => r.Id == request.Id, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            db.CertificateRequests.Add(IssuanceMapping.ToEntity(request));
            return;
        }

        if (existing.Status != nameof(RequestStatus.Pending))
        {
            throw CaException.Conflict("request-not-pending", $"Certificate request {request.Id} is {existing.Status.ToLowerInvariant()}, not pending.");
        }

        IssuanceMapping.CopyDecision(request, existing);
    }
}
