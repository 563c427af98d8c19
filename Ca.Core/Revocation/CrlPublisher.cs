using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Revocation;

/// <summary>
/// Publishes a CA's complete and delta CRLs: decides the contents from stored revocation state,
/// takes the next number from the shared sequence, signs, and stores the DER (which is then served
/// as is). A number another instance took first is detected by the database and retried.
/// </summary>
public sealed class CrlPublisher
{
    private const int NumberAttempts = 20;
    private readonly IRevocationStore store;
    private readonly AuthorityRegistry authorities;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly CrlOptions options;
    private readonly ILogger<CrlPublisher> logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>Creates the publisher.</summary>
    public CrlPublisher(IRevocationStore store, AuthorityRegistry authorities, PublicUrls urls, TimeProvider clock, IOptions<CrlOptions> options, ILogger<CrlPublisher> logger)
    {
        this.store = store;
        this.authorities = authorities;
        this.urls = urls;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>Publishes a complete CRL for the CA.</summary>
    public Task<StoredCrl> PublishFullAsync(string caId, CallerContext caller, CancellationToken cancellationToken) =>
        PublishAsync(caId, delta: false, caller, cancellationToken);

    /// <summary>Publishes a delta CRL against the newest complete CRL (publishing one first if there is none).</summary>
    public Task<StoredCrl> PublishDeltaAsync(string caId, CallerContext caller, CancellationToken cancellationToken) =>
        PublishAsync(caId, delta: true, caller, cancellationToken);

    /// <summary>Publishes for every CA; failures are retried, then logged, and do not stop the others.</summary>
    public async Task<int> PublishAllAsync(bool delta, CallerContext caller, CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var authority in await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (delta && !options.EnableDelta)
            {
                break;
            }

            if (await authorities.FindAsync(authority.Id, cancellationToken).ConfigureAwait(false) is { KeyOnline: false })
            {
                continue; // an offline CA publishes in its key ceremonies, for the period stated there
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PublishAsync(authority.Id, delta, caller, cancellationToken).ConfigureAwait(false);
                    published++;
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException && attempt < options.PublishAttempts)
                {
                    logger.LogWarning(e, "Publishing the {Kind} CRL of {CaId} failed (attempt {Attempt}); retrying", delta ? "delta" : "complete", authority.Id, attempt);
                    await Task.Delay(options.RetryDelay, clock, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Publishing the {Kind} CRL of {CaId} failed after {Attempts} attempts", delta ? "delta" : "complete", authority.Id, attempt);
                    break;
                }
            }
        }

        return published;
    }

    /// <summary>
    /// The CRL to serve: the newest of its kind, published now if none exists yet (and the CA's key is
    /// online: an offline CA has only what its ceremonies published, and no deltas).
    /// </summary>
    public async Task<StoredCrl?> CurrentAsync(string caId, bool delta, CancellationToken cancellationToken)
    {
        if (delta && !options.EnableDelta)
        {
            return null;
        }

        if (await store.LatestCrlAsync(caId, delta, cancellationToken).ConfigureAwait(false) is { } latest)
        {
            return latest;
        }

        // An id that names no CA is answered at once: nothing is published, locked or remembered for it.
        // An offline CA has only what its ceremonies published.
        if (await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false) is null or { KeyOnline: false })
        {
            return null;
        }

        return await PublishAsync(caId, delta, CallerContext.System("crl-on-demand"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes the complete CRL of a CA whose key is offline (the root's ARL), valid for
    /// <paramref name="validity"/> and without a delta pointer: it is signed in a key ceremony and
    /// must last until the next one.
    /// </summary>
    public Task<StoredCrl> PublishForOfflineCaAsync(string caId, TimeSpan validity, CallerContext caller, CancellationToken cancellationToken) =>
        PublishAsync(caId, delta: false, caller, cancellationToken, validity);

    /// <summary>Number of per-CA publication gates held; bounded by the CAs that exist, whatever ids callers send.</summary>
    internal int GateCount => gates.Count;

    private async Task<StoredCrl> PublishAsync(string caId, bool delta, CallerContext caller, CancellationToken cancellationToken, TimeSpan? offlineValidity = null)
    {
        // One publisher per CA at a time in this process; the database guards across processes. A gate is
        // made only for a CA that exists, so callers naming arbitrary ids cannot grow the dictionary.
        var authority = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.NotFound("ca-not-found", $"There is no CA '{caId}'.");
        var gate = gates.GetOrAdd(authority.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PublishLockedAsync(caId, delta, caller, cancellationToken, offlineValidity).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<StoredCrl> PublishLockedAsync(string caId, bool delta, CallerContext caller, CancellationToken cancellationToken, TimeSpan? offlineValidity = null)
    {
        var authority = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.NotFound("ca-not-found", $"There is no CA '{caId}'.");
        if (delta && !options.EnableDelta)
        {
            throw CaException.Conflict("delta-disabled", "Delta CRLs are not published (Pki:Crl:EnableDelta=false).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var baseCrl = delta
                ? await store.LatestCrlAsync(caId, delta: false, cancellationToken).ConfigureAwait(false)
                    ?? await PublishLockedAsync(caId, delta: false, caller, cancellationToken).ConfigureAwait(false)
                : null;
            var records = await store.ListRevocationsAsync(caId, cancellationToken).ConfigureAwait(false);
            // Contents are decided at the exact instant; thisUpdate is that instant in whole seconds, as encoded.
            var exactNow = clock.GetUtcNow();
            var now = exactNow.ToWholeSeconds();
            var entries = baseCrl is null
                ? CrlContents.Full(records, exactNow, options.ExpiredGrace)
                : CrlContents.Delta(records, new BaseCrlState(baseCrl.Number, baseCrl.ThisUpdate), exactNow, options.ExpiredGrace);
            var number = await store.LastCrlNumberAsync(caId, cancellationToken).ConfigureAwait(false) + 1;
            var nextUpdate = now + (offlineValidity ?? (delta ? options.DeltaValidity : options.FullValidity));
            var request = new CrlRequest(number, now, nextUpdate, entries,
                DeltaCrlUrl: !delta && options.EnableDelta && offlineValidity is null ? urls.DeltaCrl(caId) : null,
                BaseCrlNumber: baseCrl?.Number);
            // Stored with the exact planning instant, so the next delta orders changes within the same second correctly.
            var crl = new StoredCrl(caId, number, delta, baseCrl?.Number, exactNow, nextUpdate, CrlBuilder.Build(authority, request));
            var audit = AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.CrlPublished, caId, caller, new { number, delta, baseNumber = baseCrl?.Number, entries = entries.Count, nextUpdate });
            try
            {
                await store.SaveCrlAsync(crl, audit, cancellationToken).ConfigureAwait(false);
                return crl;
            }
            catch (CrlNumberConflictException) when (attempt < NumberAttempts)
            {
                logger.LogInformation("CRL number {Number} of {CaId} was taken by another publisher; renumbering", number, caId);

                // Jittered back-off so two instances that collided do not collide again in lock-step.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
