using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Changes;

/// <summary>
/// Brings complete CRLs up to date with the change feed, off the request path: every CA whose
/// certificates changed status after its newest complete CRL was planned gets one new complete CRL (and a
/// delta), however many changes there were since (Boulder's crl-updater works the same way). Run by one
/// scheduled job across all instances, so a revocation made on an instance that died a moment later
/// still reaches the CRL.
/// </summary>
public sealed class StaleCrlSweep
{
    private readonly IChangeFeed feed;
    private readonly IRevocationStore store;
    private readonly AuthorityRegistry authorities;
    private readonly CrlPublisher publisher;
    private readonly CrlOptions options;
    private readonly ILogger<StaleCrlSweep> logger;

    /// <summary>Creates the sweep.</summary>
    public StaleCrlSweep(IChangeFeed feed, IRevocationStore store, AuthorityRegistry authorities, CrlPublisher publisher, IOptions<CrlOptions> options, ILogger<StaleCrlSweep> logger)
    {
        this.feed = feed;
        this.store = store;
        this.authorities = authorities;
        this.publisher = publisher;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>Publishes for every stale CA; returns how many CAs got a new complete CRL.</summary>
    public async Task<int> PublishStaleAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        var caller = CallerContext.System("crl-change-sweep");
        foreach (var authority in await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var changed = await feed.LastStatusChangeAsync(authority.Id, cancellationToken).ConfigureAwait(false);
            var latest = await store.LatestCrlAsync(authority.Id, delta: false, cancellationToken).ConfigureAwait(false);
            if (changed is null || (latest is not null && latest.ThisUpdate >= changed))
            {
                continue;
            }

            try
            {
                await publisher.PublishFullAsync(authority.Id, caller, cancellationToken).ConfigureAwait(false);
                if (options.EnableDelta)
                {
                    await publisher.PublishDeltaAsync(authority.Id, caller, cancellationToken).ConfigureAwait(false);
                }

                published++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Publishing the CRLs of {CaId} after status changes failed; the next sweep retries", authority.Id);
            }
        }

        return published;
    }
}
