using Ca.Core.Authorities;
using Ca.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ca.Api.Startup;

/// <summary>Healthy when the database answers and every CA key decrypts under the configured KEK.</summary>
internal sealed class PkiHealthCheck(DatabaseInitializer database, AuthorityRegistry authorities) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database is not reachable.");
            }

            var failed = await authorities.VerifyKeysLoadableAsync(cancellationToken);
            return failed.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; CA keys loadable.")
                : HealthCheckResult.Unhealthy($"CA keys that do not decrypt: {string.Join(", ", failed)}.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Health check failed.", e);
        }
    }
}
