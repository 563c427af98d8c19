using Ca.Api.Endpoints;
using Ca.Api.Jobs;
using Ca.Core.Changes;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Ca.Storage;
using Microsoft.Extensions.Options;

namespace Ca.Api.Startup;

/// <summary>Registrations and routes for revocation: revoke/hold/unhold, CRL publication and serving, OCSP.</summary>
internal static class RevocationServiceRegistration
{
    public static IServiceCollection AddPkiRevocation(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var crlSection = configuration.GetSection("Pki:Crl");
        services.AddOptions<CrlOptions>().Bind(crlSection);
        services.AddOptions<OcspOptions>().Bind(configuration.GetSection("Pki:Ocsp"))
            .Validate(
                o =>
                {
                    o.EnsureValid();
                    return true;
                })
            .ValidateOnStart();
        services.AddSingleton<CrlPublisher>();
        services.AddSingleton<FullCrlCoalescer>();
        services.AddHostedService<FullCrlCoalescerService>();
        services.AddSingleton(sp => new CrlSchedule(sp.GetRequiredService<IOptions<CrlOptions>>().Value, sp.GetRequiredService<FullCrlCoalescer>()));
        services.AddSingleton<RevocationService>();
        services.AddSingleton<StoredStatusLookup>();
        services.AddSingleton<OcspResponseCache>();
        services.AddSingleton<StoredOcspSigningKeys>();
        services.AddSingleton<IOcspSigningKeys>(sp => sp.GetRequiredService<StoredOcspSigningKeys>());
        services.AddSingleton<ICertificateStatusSource, StoredCertificateStatusSource>();
        services.AddSingleton<OcspResponder>();
        services.AddSingleton<ResponderRevocationListener>();

        // Listeners holding this process's state run again on every instance from the change feed (CacheInvalidation).
        services.AddSingleton<IRevocationListener>(sp => sp.GetRequiredService<OcspCacheInvalidator>());
        services.AddSingleton<IInstanceRevocationListener>(sp => sp.GetRequiredService<OcspCacheInvalidator>());
        services.AddSingleton<IRevocationListener>(sp => sp.GetRequiredService<ResponderRevocationListener>());
        services.AddSingleton<IInstanceRevocationListener>(sp => sp.GetRequiredService<ResponderRevocationListener>());
        services.AddSingleton<IRevocationListener, PublishCrlOnRevocation>();
        services.AddPkiChangeFeed(configuration);
        services.AddPkiJobs(crlSection.Get<CrlOptions>() ?? new CrlOptions(), configuration.GetSection("Pki:Changes").Get<ChangeFeedOptions>() ?? new ChangeFeedOptions(), storage);
        return services;
    }

    public static IEndpointRouteBuilder MapPkiRevocation(this IEndpointRouteBuilder app)
    {
        app.MapRevocationEndpoints();
        app.MapCrlEndpoints();
        app.MapOcspEndpoints();
        return app;
    }
}
