using Ca.Core.Authorities;
using Ca.Core.Keys;

namespace Ca.Api.Startup;

/// <summary>
/// Where keys are kept (<c>Pki:Keys</c>): the software provider over the KEK always (existing keys
/// open through it), a PKCS#11 token when configured; the CA registry and the service-key vault open
/// and generate through them.
/// </summary>
internal static class KeyServiceRegistration
{
    public static IServiceCollection AddPkiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyOptions>().Bind(configuration.GetSection("Pki:Keys"));
        services.AddSingleton(sp => new SoftwareKeyProvider(sp.GetRequiredService<IKeyProtector>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyOptions>>().Value;
            return new KeyProviders(sp.GetRequiredService<SoftwareKeyProvider>(), null, options);
        });
        services.AddSingleton(sp => new AuthorityRegistry(sp.GetRequiredService<IAuthorityStore>(), sp.GetRequiredService<KeyProviders>()));
        services.AddSingleton(sp => new ServiceKeyVault(sp.GetRequiredService<IServiceKeyStore>(), sp.GetRequiredService<KeyProviders>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
