using Ca.Core.Changes;
using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

/// <summary>The change feed on the ChangeEvents table; stores append to it inside their own write.</summary>
internal sealed class EfChangeFeed(ICaDbContextFactory contexts) : IChangeFeed
{
    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.ChangeEvents.MaxAsync(e => (long?)e.Id, cancellationToken).ConfigureAwait(false) ?? 0;
    }

    public async Task<IReadOnlyList<ChangeEvent>> ReadAfterAsync(long afterId, int max, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.ChangeEvents.AsNoTracking().Where(e => e.Id > afterId).OrderBy(e => e.Id).Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(e => new ChangeEvent(e.Id, e.Kind, e.CaId, e.Subject, StoredTime.Utc(e.At))).ToList();
    }

    public async Task<DateTimeOffset?> LastStatusChangeAsync(string caId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var last = await db.ChangeEvents.Where(e => e.CaId == caId && (e.Kind == ChangeKinds.CertificateStatus || e.Kind == ChangeKinds.AuthorityStatus))
            .MaxAsync(e => (DateTime?)e.At, cancellationToken).ConfigureAwait(false);
        return last is { } at ? StoredTime.Utc(at) : null;
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var cutoff = before.UtcDateTime;
        return await db.ChangeEvents.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds an event to the caller's write (same transaction as the change it reports).</summary>
    internal static void Append(CaDbContext db, string kind, string? caId, string subject, DateTimeOffset at) =>
        db.ChangeEvents.Add(new ChangeEventEntity { Kind = kind, CaId = caId, Subject = subject, At = at.UtcDateTime });
}
