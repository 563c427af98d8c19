using Ca.Core.Changes;
using Ca.Core.Ocsp;

namespace Ca.Api.Startup;

/// <summary>Every instance follows the change feed to drop stale cache entries (OCSP, API keys, CAs).</summary>
internal static class ChangeFeedRegistration
{
    public static IServiceCollection AddPkiChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChangeFeedOptions>().Bind(configuration.GetSection("Pki:Changes"));
        services.AddSingleton<OcspCacheInvalidator>();
        services.AddSingleton<CacheInvalidation>();
        services.AddSingleton<ChangeFeedFollower>();
        services.AddSingleton<StaleCrlSweep>();
        services.AddHostedService<ChangeFeedService>();
        return services;
    }

    /// <summary>Runs the follower for the life of the host.</summary>
    private sealed class ChangeFeedService(ChangeFeedFollower follower) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => follower.RunAsync(stoppingToken);
    }
}
