using System.Runtime.CompilerServices;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

internal sealed class EfAuditLog(ICaDbContextFactory contexts, StorageWriter writer) : IAuditLog
{
    public Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken) =>
        writer.WriteAsync((_, _) => Task.CompletedTask, events, cancellationToken);

    public async Task<PagedResult<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.AuditRecords.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Action))
        {
            rows = rows.Where(a => a.Action == query.Action);
        }

        if (!string.IsNullOrEmpty(query.Actor))
        {
            rows = rows.Where(a => a.Actor == query.Actor);
        }

        if (!string.IsNullOrEmpty(query.Target))
        {
            rows = rows.Where(a => a.Target == query.Target);
        }

        if (query.From is { } from)
        {
            var ticks = from.UtcTicks;
            rows = rows.Where(a => a.AtTicks >= ticks);
        }

        if (query.To is { } to)
        {
            var ticks = to.UtcTicks;
            rows = rows.Where(a => a.AtTicks < ticks);
        }

        var offset = Paging.Offset(query.Page, query.PageSize);
        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await rows.OrderByDescending(a => a.Sequence).Skip(offset).Take(query.PageSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PagedResult<AuditRecord>(page.Select(AuditMapping.ToRecord).ToList(), total, query.Page, query.PageSize);
    }

    public async IAsyncEnumerable<AuditRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        await foreach (var row in db.AuditRecords.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return AuditMapping.ToRecord(row);
        }
    }

    public async Task<AuditRecord?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.AuditRecords.AsNoTracking().OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : AuditMapping.ToRecord(row);
    }
}
