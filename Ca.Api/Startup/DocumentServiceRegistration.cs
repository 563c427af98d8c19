using Ca.Api.Endpoints;
using Ca.Core.Documents;
using Ca.Core.Timestamping;
using Ca.Core.Validation;
using Microsoft.Extensions.Options;

namespace Ca.Api.Startup;

/// <summary>Registrations and routes for signed e-documents: signers, signing, the TSA, verification.</summary>
internal static class DocumentServiceRegistration
{
    public const string CrlHttpClient = "crl-fetch";

    public static IServiceCollection AddPkiDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        var pki = configuration.GetSection("Pki");
        services.AddOptions<TsaOptions>().Bind(pki.GetSection("Tsa"));
        services.AddOptions<TsaKeyOptions>().Bind(pki.GetSection("Tsa"));
        services.AddOptions<DocumentOptions>().Bind(pki.GetSection("Documents"));
        services.AddOptions<ValidationOptions>().Bind(pki.GetSection("Validation"))
            .Validate(o =>
            {
                o.PathBuilding.EnsureValid();
                return true;
            })
            .ValidateOnStart();

        // Time-stamping: the stored, rolled-over TSA key; the same authority serves /tsa and CAdES-T signing.
        services.AddSingleton<StoredTsaSigner>();
        services.AddSingleton<ITsaSigner>(sp => sp.GetRequiredService<StoredTsaSigner>());
        services.AddSingleton<TimeStampAuthority>();
        services.AddSingleton<TsaRevocationListener>();
        services.AddSingleton<Ca.Core.Revocation.IRevocationListener>(sp => sp.GetRequiredService<TsaRevocationListener>());
        services.AddSingleton<Ca.Core.Revocation.IInstanceRevocationListener>(sp => sp.GetRequiredService<TsaRevocationListener>());
        services.AddSingleton<ITimeStampClient, LocalTimeStampClient>();

        // Signing.
        services.AddSingleton(sp => new CadesSigner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ITimeStampClient>()));
        services.AddSingleton<IValidationDataSource, ServiceValidationDataSource>();
        services.AddSingleton(sp => new Ca.Core.Documents.Pades.PadesSigner(
            sp.GetRequiredService<CadesSigner>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ITimeStampClient>(), sp.GetService<IValidationDataSource>(),
            AppearanceFontLoader.Load(sp.GetRequiredService<IOptions<DocumentOptions>>().Value.AppearanceFont, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(sp => new Ca.Core.Documents.Xades.XadesSigner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ITimeStampClient>()));
        services.AddSingleton<DocumentSignerService>();
        services.AddSingleton<DocumentSigningService>();

        // Verification.
        services.AddSingleton<CmsSignatureInspector>();
        services.AddSingleton(sp => new CertificatePathBuilder(
            sp.GetRequiredService<IOptions<ValidationOptions>>().Value.PathBuilding,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CertificatePathValidator>();
        services.AddSingleton<IssuedCertificateRevocationChecker>();
        services.AddHttpClient(CrlHttpClient, c => c.DefaultRequestHeaders.UserAgent.ParseAdd("PkiService-CrlFetcher/1"));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ValidationOptions>>();
            var crls = options.Value.FetchCrls
                ? new HttpCrlSource(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(CrlHttpClient),
                    sp.GetRequiredService<TimeProvider>(),
                    options,
                    sp.GetRequiredService<ILogger<HttpCrlSource>>())
                : null;
            return new TrustStore(sp.GetRequiredService<Ca.Core.Authorities.AuthorityRegistry>(), sp.GetRequiredService<IssuedCertificateRevocationChecker>(), options, crls);
        });
        services.AddSingleton<CertificateVerificationService>();
        services.AddSingleton<DocumentVerificationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapPkiDocuments(this IEndpointRouteBuilder app)
    {
        app.MapSignerEndpoints();
        app.MapDocumentEndpoints();
        app.MapTsaEndpoints();
        app.MapVerificationEndpoints();
        return app;
    }
}
