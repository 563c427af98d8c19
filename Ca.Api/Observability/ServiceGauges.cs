using System.Diagnostics.Metrics;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;

namespace Ca.Api.Observability;

/// <summary>
/// Gauges read when Prometheus scrapes: the pre-signed OCSP cache's size, and each CA's complete-CRL age,
/// from a snapshot of the database refreshed every few seconds (a scrape must not wait on the database,
/// and another instance may have published the newest CRL).
/// </summary>
internal sealed class ServiceGauges : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);
    private readonly AuthorityRegistry authorities;
    private readonly IRevocationStore store;
    private readonly TimeProvider clock;
    private readonly ILogger<ServiceGauges> logger;
    private readonly Meter meter;
    private IReadOnlyList<(string CaId, DateTimeOffset ThisUpdate)> crls = [];

    public ServiceGauges(IMeterFactory meters, OcspResponseCache ocspCache, AuthorityRegistry authorities, IRevocationStore store, TimeProvider clock, ILogger<ServiceGauges> logger)
    {
        this.authorities = authorities;
        this.store = store;
        this.clock = clock;
        this.logger = logger;
        meter = meters.Create(PkiMetrics.MeterName);
        meter.CreateObservableGauge("pki.ocsp.cache.entries", () => ocspCache.Count, "{entries}", "Serials with a pre-signed OCSP response held by this instance.");
        meter.CreateObservableGauge("pki.crl.age", ObserveCrlAges, "s", "Seconds since the newest complete CRL of each CA was produced.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var latest = new List<(string, DateTimeOffset)>();
                foreach (var authority in await authorities.ListAsync(stoppingToken))
                {
                    if (await store.LatestCrlAsync(authority.Id, delta: false, stoppingToken) is { } crl)
                    {
                        latest.Add((authority.Id, crl.ThisUpdate));
                    }
                }

                crls = latest;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Reading CRL ages for the metrics failed; keeping the last snapshot");
            }

            await Task.Delay(Refresh, clock, stoppingToken);
        }
    }

    private IEnumerable<Measurement<double>> ObserveCrlAges()
    {
        var now = clock.GetUtcNow();
        return crls.Select(c => new Measurement<double>((now - c.ThisUpdate).TotalSeconds, new KeyValuePair<string, object?>("ca", c.CaId)));
    }
}
