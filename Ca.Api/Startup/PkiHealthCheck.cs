using Ca.Core.Authorities;
using Ca.Core.Keys;
using Ca.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ca.Api.Startup;

/// <summary>
/// Healthy when the database answers and every online key (CA and service keys, software or on the
/// token) signs a test digest that its public key verifies; a key that is offline by design (the
/// root after a key ceremony) is reported, not counted against health.
/// </summary>
internal sealed class PkiHealthCheck(DatabaseInitializer database, AuthorityRegistry authorities, ServiceKeyVault serviceKeys) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database is not reachable.");
            }

            var probes = (await authorities.ProbeKeysAsync(cancellationToken)).Concat(await serviceKeys.ProbeKeysAsync(cancellationToken)).ToList();
            var failed = probes.Where(p => p.State == "failed").ToList();
            var offline = probes.Where(p => p.State == "offline").Select(p => p.Owner).ToList();
            var offlineNote = offline.Count == 0 ? string.Empty : $" Offline by design: {string.Join(", ", offline)}.";
            var data = probes.ToDictionary(p => p.Owner, p => (object)p.State);
            return failed.Count == 0
                ? HealthCheckResult.Healthy($"Database reachable; {probes.Count - offline.Count} key(s) signed a test digest.{offlineNote}", data)
                : HealthCheckResult.Unhealthy($"Keys that cannot sign: {string.Join("; ", failed.Select(f => $"{f.Owner} ({f.Problem})"))}.{offlineNote}", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Health check failed.", e);
        }
    }
}
