using Ca.Core.Authorities;
using Ca.Core.Keys;
using Ca.Core.Keys.Pkcs11;
using Microsoft.Extensions.Options;

namespace Ca.Api.Startup;

/// <summary>
/// Where keys are kept (<c>Pki:Keys</c>): the software provider over the KEK always (existing keys
/// open through it), a PKCS#11 token when <c>Pki:Keys:Pkcs11</c> names one; the CA registry and the
/// service-key vault open and generate through them.
/// </summary>
internal static class KeyServiceRegistration
{
    public static IServiceCollection AddPkiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Pki:Keys");
        services.AddOptions<KeyOptions>().Bind(section);
        services.AddSingleton(sp => new SoftwareKeyProvider(sp.GetRequiredService<IKeyProtector>()));
        if ((section.GetSection("Pkcs11").Get<Pkcs11Options>() ?? new Pkcs11Options()).IsConfigured)
        {
            // Disposed by the container at shutdown: sessions closed, C_Finalize.
            services.AddSingleton(sp => new Pkcs11KeyProvider(
                sp.GetRequiredService<IOptions<KeyOptions>>().Value.Pkcs11,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Ca.Core.Keys.Pkcs11")));
        }

        services.AddSingleton(sp => new KeyProviders(
            sp.GetRequiredService<SoftwareKeyProvider>(),
            sp.GetService<Pkcs11KeyProvider>(),
            sp.GetRequiredService<IOptions<KeyOptions>>().Value));
        services.AddSingleton(sp => new AuthorityRegistry(sp.GetRequiredService<IAuthorityStore>(), sp.GetRequiredService<KeyProviders>()));
        services.AddSingleton(sp => new ServiceKeyVault(sp.GetRequiredService<IServiceKeyStore>(), sp.GetRequiredService<KeyProviders>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Checks the key configuration and logs in to the token before anything else runs: an unknown
    /// provider, a missing PIN, a wrong PIN or an absent token ends the start with one sentence.
    /// </summary>
    public static KeyProviders ConnectKeyProviders(this IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<KeyOptions>>().Value;
        if (options.UnknownProviders().FirstOrDefault() is { } unknown)
        {
            throw new StartupRefusedException($"Pki:Keys names the key provider '{unknown}'; use Software or Pkcs11.");
        }

        if (options.UnknownRoles().FirstOrDefault() is { } role)
        {
            throw new StartupRefusedException($"Pki:Keys:Roles names '{role}', which is not a key role ({string.Join(", ", Enum.GetNames<KeyRole>())}).");
        }

        try
        {
            services.GetService<Pkcs11KeyProvider>()?.Connect();
            return services.GetRequiredService<KeyProviders>();
        }
        catch (KeyUnavailableException e)
        {
            throw new StartupRefusedException(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupRefusedException(e.Message);
        }
    }
}
