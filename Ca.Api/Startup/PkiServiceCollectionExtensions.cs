using System.Text.Json.Serialization;
using Ca.Api.Authentication;
using Ca.Api.Observability;
using Ca.Api.Problems;
using Ca.Core.Accounts;
using Ca.Core.Audit;
using Microsoft.AspNetCore.Authentication;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Ca.Storage;
using Microsoft.AspNetCore.Http.Json;

namespace Ca.Api.Startup;

/// <summary>All registrations in one place: options, storage, Core services, HTTP plumbing.</summary>
internal static class PkiServiceCollectionExtensions
{
    public static WebApplicationBuilder AddPkiServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var pki = configuration.GetSection("Pki");

        var storage = new StorageOptions();
        pki.GetSection("Database").Bind(storage);
        storage.ConnectionString = configuration.GetConnectionString("Pki");
        storage.DataDirectory = ResolveDataDirectory(builder);
        services.AddPkiStorage(storage);

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PublicUrlOptions>().Bind(pki).Configure(o =>
        {
            // Unset: where this machine reaches the service (http://localhost:5080 by default), so
            // the URLs in certificates answer; production names its public host instead.
            if (string.IsNullOrWhiteSpace(pki["PublicBaseUrl"]))
            {
                o.PublicBaseUrl = ListenAddresses.LocalBaseUrl(configuration);
            }
        });
        services.AddOptions<HierarchyOptions>().Bind(pki.GetSection("Hierarchy"));
        services.AddOptions<ProfileCatalogOptions>().Bind(pki);
        services.AddOptions<IssuanceOptions>().Bind(pki.GetSection("Issuance"));
        services.AddOptions<LimitsOptions>().Bind(pki.GetSection("Limits"));

        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddSingleton<IKeyProtector>(sp => KeyEncryptionKeySource.Resolve(
            pki["KeyEncryptionKey"], storage.DataDirectory, isDevelopment, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Ca.Api.KeyEncryption")));
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<IProfileCatalog, ProfileCatalog>();
        services.AddPkiKeys(configuration);
        services.AddSingleton<AuthorityBootstrapper>();
        services.AddSingleton<IssuanceService>();
        services.AddOptions<ApiKeyAuthenticationOptions>().Bind(pki.GetSection("Authentication"));
        services.AddSingleton<AccountService>();
        services.AddSingleton<ClientCertificateAuthenticator>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<AuthenticationFailureMonitor>();
        services.AddOptions<BootstrapOptions>().Bind(pki.GetSection("Bootstrap"));

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Policies.Configure);
        services.AddPkiRateLimiting(pki.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions());

        builder.AddPkiProblems();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new() { Title = "PkiService", Version = "v1", Description = "Certificate authority and e-certificate service: issuance, revocation, OCSP, time-stamps, signed e-documents." });
            o.AddSecurityDefinition("ApiKey", new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "API key: Authorization: Bearer <key> (or X-Api-Key: <key>).",
            });
            o.AddSecurityRequirement(document => new Microsoft.OpenApi.OpenApiSecurityRequirement
            {
                [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("ApiKey", document)] = [],
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "Ca.Api.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });
        services.AddPkiRevocation(configuration, storage);
        services.AddPkiDocuments(configuration);
        services.AddAcme(configuration);
        services.AddPkiHealthChecks();
        builder.AddPkiObservability();
        return builder;
    }

    private static string ResolveDataDirectory(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Pki:DataDirectory"] ?? "data";
        return Path.IsPathRooted(configured) ? configured : Path.Combine(builder.Environment.ContentRootPath, configured);
    }
}
