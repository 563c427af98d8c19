using Ca.Api.Jobs;
using Ca.Core.Acme;
using Ca.Core.Acme.Eab;
using Ca.Core.Acme.Validation;

namespace Ca.Api.Startup;

/// <summary>Registrations of the ACME server: options (<c>Pki:Acme</c>), Core services, validators and the validation worker.</summary>
internal static class AcmeServiceRegistration
{
    public static IServiceCollection AddAcme(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AcmeOptions>().Bind(configuration.GetSection("Pki:Acme"));
        services.AddSingleton<ReplayNonces>();
        services.AddSingleton<AcmeRequestVerifier>();
        services.AddSingleton<EabService>();
        services.AddSingleton<AcmeAccountService>();
        services.AddSingleton<AcmeOrderService>();
        services.AddSingleton<AcmeAuthorizationService>();
        services.AddSingleton<AcmeCertificateService>();
        services.AddSingleton<RenewalInfoService>();
        services.AddSingleton<AcmeValidationQueue>();
        services.AddSingleton<ValidationAddressResolver>();
        services.AddSingleton<IChallengeValidator, Http01Validator>();
        services.AddSingleton<IChallengeValidator, TlsAlpn01Validator>();
        services.AddSingleton<IChallengeValidator, Dns01Validator>();
        services.AddHostedService<AcmeValidationWorker>();
        return services;
    }
}
