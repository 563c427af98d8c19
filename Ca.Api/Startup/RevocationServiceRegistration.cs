namespace Ca.Api.Startup;

/// <summary>Registrations and routes for revocation: revoke/hold/unhold, CRL publication and serving, OCSP.</summary>
internal static class RevocationServiceRegistration
{
    public static IServiceCollection AddPkiRevocation(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapPkiRevocation(this IEndpointRouteBuilder app) => app;
}
