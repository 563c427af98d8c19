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
                o.Fetch.EnsureValid();
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
        services.AddSingleton(sp => new Ca.Core.Documents.Xades.XadesSigner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ITimeStampClient>(), sp.GetService<IValidationDataSource>()));
        services.AddSingleton<DocumentSignerService>();
        services.AddSingleton<DocumentSigningService>();

        // Verification.
        services.AddSingleton<CmsSignatureInspector>();
        services.AddSingleton(sp => new CertificatePathBuilder(
            sp.GetRequiredService<IOptions<ValidationOptions>>().Value.PathBuilding,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CertificatePathValidator>();
        services.AddSingleton<IssuedCertificateRevocationChecker>();
        // Revocation of other CAs' certificates: every outbound connection goes through the one address guard
        // (Ca.Core.Common.Net.OutboundAddressGuard, shared with ACME validation), configured by Pki:Validation:Fetch.
        services.AddHttpClient(CrlHttpClient, c => c.DefaultRequestHeaders.UserAgent.ParseAdd("PkiService-CrlFetcher/1"))
            .ConfigurePrimaryHttpMessageHandler(sp => FetchGuard(sp).CreateHttpHandler(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<ValidationOptions>>().Value.Fetch.TimeoutSeconds)));
        services.AddSingleton(sp => new Ca.Core.Validation.Online.GuardedHttpFetcher(FetchGuard(sp), sp.GetRequiredService<IOptions<ValidationOptions>>().Value.Fetch));
        services.AddSingleton<Ca.Core.Validation.Policy.TrustListRegistry>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ValidationOptions>>();
            var fetch = options.Value.Fetch.Enabled;
            var crls = options.Value.FetchCrls || fetch
                ? new HttpCrlSource(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(CrlHttpClient),
                    sp.GetRequiredService<TimeProvider>(),
                    options,
                    sp.GetRequiredService<ILogger<HttpCrlSource>>())
                : null;
            var ocsp = fetch
                ? new Ca.Core.Validation.Online.OnlineOcspRevocationChecker(sp.GetRequiredService<Ca.Core.Validation.Online.GuardedHttpFetcher>(), options.Value.Fetch, sp.GetRequiredService<TimeProvider>())
                : null;
            return new TrustStore(
                sp.GetRequiredService<Ca.Core.Authorities.AuthorityRegistry>(),
                sp.GetRequiredService<IssuedCertificateRevocationChecker>(),
                options,
                crls,
                ocsp,
                sp.GetRequiredService<Ca.Core.Validation.Policy.TrustListRegistry>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<CertificateVerificationService>();
        services.AddSingleton<DocumentVerificationService>();
        return services;
    }

    private static Ca.Core.Common.Net.OutboundAddressGuard FetchGuard(IServiceProvider sp)
    {
        var fetch = sp.GetRequiredService<IOptions<ValidationOptions>>().Value.Fetch;
        return new Ca.Core.Common.Net.OutboundAddressGuard(fetch.AllowLoopback, fetch.AllowPrivateNetworks, fetch.HostOverrides, "Pki:Validation:Fetch:HostOverrides");
    }

    public static IEndpointRouteBuilder MapPkiDocuments(this IEndpointRouteBuilder app)
    {
        app.MapSignerEndpoints();
        app.MapDocumentEndpoints();
        app.MapTsaEndpoints();
        app.MapVerificationEndpoints();
        app.MapTrustListEndpoints();
        return app;
    }
}
