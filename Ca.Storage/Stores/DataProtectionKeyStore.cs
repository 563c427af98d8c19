using Ca.Core.Audit;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

/// <summary>
/// The portal's Data Protection key ring in the database, shared by every instance (a folder of XML files
/// would be one ring per instance, and a cookie from one would be refused by the others). New keys are
/// written by the writer with their audit record, as every other state change.
/// </summary>
public sealed class DataProtectionKeyStore
{
    private readonly ICaDbContextFactory contexts;
    private readonly StorageWriter writer;

    internal DataProtectionKeyStore(ICaDbContextFactory contexts, StorageWriter writer)
    {
        this.contexts = contexts;
        this.writer = writer;
    }

    /// <summary>Every key's XML, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a key; its XML holds the key material and must never be logged.</summary>
    public Task AddAsync(string friendlyName, string xml, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.DataProtectionKeys.Add(new DataProtectionKeyEntity { FriendlyName = friendlyName, Xml = xml, CreatedAt = at.UtcDateTime });
            return Task.CompletedTask;
        }, [audit], cancellationToken);
}
