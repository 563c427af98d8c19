using Ca.Core.Acme;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

/// <summary>
/// Replay nonces in the shared AcmeNonces table, written through the single writer like every other
/// change: a nonce rides the group commit of whatever else is being written (on SQLite no second
/// connection ever competes with the writer for the file's write lock), and a redemption is one
/// <c>DELETE ... WHERE Value = @v AND Expires &gt; @now</c> whose affected-row count is the verdict,
/// so of two instances redeeming the same nonce exactly one deletes the row. Nonces are not state
/// changes of the CA: they carry no audit records and never grow the audit log.
/// </summary>
internal sealed class EfNonceStore(StorageWriter writer) : INonceStore
{
    public Task AddAsync(byte[] nonce, DateTimeOffset expires, CancellationToken cancellationToken) =>
        writer.WriteAsync(static (_, _) => Task.CompletedTask, [new AcmeNonceEntity { Value = nonce, Expires = expires.UtcDateTime }], [], cancellationToken);

    public async Task<bool> TryConsumeAsync(byte[] nonce, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now.UtcDateTime;
        var deleted = 0;

        // Set on every attempt: a batch that fails for another item's sake is rolled back and replayed,
        // and only the attempt that commits counts.
        await writer.WriteAsync(async (db, ct) =>
        {
            deleted = await db.Set<AcmeNonceEntity>().Where(n => n.Value == nonce && n.Expires > cutoff).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, [], cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var cutoff = now.UtcDateTime;
        var deleted = 0;
        await writer.WriteAsync(async (db, ct) =>
        {
            var expired = db.Set<AcmeNonceEntity>().Where(n => n.Expires <= cutoff).OrderBy(n => n.Expires).Take(max).Select(n => n.Value);
            deleted = await db.Set<AcmeNonceEntity>().Where(n => expired.Contains(n.Value)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, [], cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
