using Ca.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ca.Api.Startup;

/// <summary>
/// <c>/health/live</c>: the process answers (a restart would not help otherwise). <c>/health/ready</c>:
/// send it traffic: database reachable, every CA key decrypts, no migration pending. <c>/health</c>:
/// every check, as before.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddPkiHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<PkiHealthCheck>("pki", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);

    public static WebApplication MapPkiHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        return app;
    }

    /// <summary>Unhealthy while the database is behind this build (another instance's newer migration, or a failed one).</summary>
    private sealed class MigrationsHealthCheck(DatabaseInitializer database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var pending = await database.PendingMigrationsAsync(cancellationToken);
                return pending.Count == 0
                    ? HealthCheckResult.Healthy("Every migration is applied.")
                    : HealthCheckResult.Unhealthy($"Pending migrations: {string.Join(", ", pending)}.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("Reading the applied migrations failed.", e);
            }
        }
    }
}
