using System.Security.Cryptography;
using Ca.Core.Acme.Jws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme;

/// <summary>
/// Anti-replay nonces (RFC 8555 6.5): 128 random bits each, redeemable once, on any instance, until
/// <see cref="AcmeOptions.NonceLifetime"/> has passed. They live in the shared <see cref="INonceStore"/>
/// and nowhere else: a copy in this process's memory could not know that another instance has already
/// redeemed one, so there is no in-process fast path. Expired nonces are deleted as new ones are issued,
/// a bounded number at a time: at most once per <see cref="PruneInterval"/>, at once again while a
/// backlog remains.
/// </summary>
public sealed class ReplayNonces
{
    /// <summary>How often an instance deletes expired nonces while there is no backlog.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    /// <summary>The most expired nonces one issue deletes.</summary>
    public const int PruneBatch = 1000;

    /// <summary>Random bytes per nonce (128 bits, RFC 8555 6.5.1 asks for enough entropy to be unguessable).</summary>
    public const int NonceBytes = 16;

    private readonly INonceStore store;
    private readonly TimeProvider clock;
    private readonly AcmeOptions options;
    private readonly ILogger<ReplayNonces> logger;
    private long nextPruneTicks;

    /// <summary>Creates the nonce service.</summary>
    public ReplayNonces(INonceStore store, TimeProvider clock, IOptions<AcmeOptions> options, ILogger<ReplayNonces> logger)
    {
        this.store = store;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>A fresh nonce, stored before it is handed out.</summary>
    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var now = clock.GetUtcNow();
        await store.AddAsync(nonce, now + options.NonceLifetime, cancellationToken).ConfigureAwait(false);
        await PruneIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        return Base64Url.Encode(nonce);
    }

    /// <summary>Redeems a nonce; false when it is malformed, unknown, expired or already used (here or on another instance).</summary>
    public Task<bool> TryRedeemAsync(string? nonce, CancellationToken cancellationToken) =>
        Decode(nonce) is { } bytes ? store.TryConsumeAsync(bytes, clock.GetUtcNow(), cancellationToken) : Task.FromResult(false);

    /// <summary>The nonce's bytes, if it is the exact text this server hands out (no padding, no other spelling of the same bytes).</summary>
    private static byte[]? Decode(string? nonce) =>
        nonce is { Length: 22 } && Base64Url.TryDecode(nonce) is { Length: NonceBytes } bytes && Base64Url.Encode(bytes) == nonce ? bytes : null;

    private async Task PruneIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        // A full batch means more are waiting: the next issue prunes again. Pruning is housekeeping on the
        // client's request path: its failure is logged and retried after the interval, never the client's error.
        try
        {
            if (await store.DeleteExpiredAsync(now, PruneBatch, cancellationToken).ConfigureAwait(false) == PruneBatch)
            {
                Interlocked.Exchange(ref nextPruneTicks, now.UtcTicks);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Deleting expired ACME nonces failed; the next prune retries");
        }
    }
}
