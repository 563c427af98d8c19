namespace Ca.Api.Startup;

/// <summary>Registrations and routes for signed e-documents: signers, signing, the TSA, verification.</summary>
internal static class DocumentServiceRegistration
{
    public static IServiceCollection AddPkiDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapPkiDocuments(this IEndpointRouteBuilder app) => app;
}
