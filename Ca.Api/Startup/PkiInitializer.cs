using Ca.Core.Accounts;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Revocation;
using Ca.Storage;
using Microsoft.Extensions.Options;

namespace Ca.Api.Startup;

/// <summary>
/// Runs before the server listens: check the KEK, migrate the database, make sure the CA hierarchy
/// exists and its keys open, and on an empty system create the first admin account. A configuration
/// the service must not run with ends here as a <see cref="StartupRefusedException"/>.
/// </summary>
internal static class PkiInitializer
{
    public const string BootstrapKeyFile = "bootstrap-admin.key";

    public static async Task InitializePkiAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        // The KEK and the token first: without usable ones nothing (no database, no key file) is written.
        app.Services.GetRequiredService<IKeyProtector>();
        app.Services.ConnectKeyProviders();

        // Instances starting together on one server database take turns: one creates, the others find.
        await using var startupLock = await StartupLock.AcquireAsync(app.Services.GetRequiredService<StorageOptions>(), TimeSpan.FromMinutes(5), cancellationToken);
        await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        try
        {
            await InitializeAuthoritiesAsync(app, cancellationToken);
        }
        catch (KeyUnavailableException e)
        {
            throw new StartupRefusedException(e.Message);
        }
        catch (CaException e) when (e.Code == "ca-key-offline")
        {
            throw new StartupRefusedException($"{e.Message} Create missing CAs in a key ceremony (dotnet Ca.Api.dll ceremony ...).");
        }

        await BootstrapAdminAsync(app, cancellationToken);
        EnsurePortalKey(app);
        WarnWhenPublicBaseUrlIsDerived(app);
    }

    private static async Task InitializeAuthoritiesAsync(WebApplication app, CancellationToken cancellationToken)
    {

        // A KEK that does not open the stored CA keys would start a service that answers 500 to
        // every signing request: refuse instead, naming the CAs.
        var registry = app.Services.GetRequiredService<AuthorityRegistry>();
        var undecryptable = await registry.VerifyKeysLoadableAsync(cancellationToken);
        if (undecryptable.Count > 0)
        {
            throw new StartupRefusedException(
                $"Pki:KeyEncryptionKey does not decrypt the stored private key(s) of {string.Join(", ", undecryptable)}: it is not the key-encryption key this database was created with. Set the original one.");
        }

        await app.Services.GetRequiredService<AuthorityBootstrapper>().EnsureHierarchyAsync(cancellationToken);

        // Every CA has a CRL (and delta) to serve from the first request on.
        var publisher = app.Services.GetRequiredService<CrlPublisher>();
        foreach (var authority in await registry.ListAsync(cancellationToken))
        {
            await publisher.CurrentAsync(authority.Id, delta: false, cancellationToken);
            await publisher.CurrentAsync(authority.Id, delta: true, cancellationToken);
        }

        await LogKeysAsync(app, registry, cancellationToken);
    }

    /// <summary>
    /// Says where every CA key is, and refuses to run when the default issuing CA's key is offline:
    /// such a service could sign nothing.
    /// </summary>
    private static async Task LogKeysAsync(WebApplication app, AuthorityRegistry registry, CancellationToken cancellationToken)
    {
        var defaultIssuing = app.Services.GetRequiredService<IOptions<HierarchyOptions>>().Value.DefaultIssuingCaId;
        foreach (var record in await registry.ListAsync(cancellationToken))
        {
            var authority = (await registry.FindAsync(record.Id, cancellationToken))!;
            if (authority.KeyOnline)
            {
                app.Logger.LogInformation("CA {CaId}: key online ({KeyReference})", authority.Id, authority.KeyReference);
            }
            else if (authority.Id == defaultIssuing)
            {
                throw new StartupRefusedException($"The default issuing CA '{defaultIssuing}' has its key offline ({authority.KeyReference}): configure the token that holds it (Pki:Keys:Pkcs11).");
            }
            else
            {
                app.Logger.LogInformation("CA {CaId}: key offline ({KeyReference}); it signs only in a key ceremony", authority.Id, authority.KeyReference);
            }
        }
    }

    /// <summary>
    /// The portal's first cookie key is made here, under the start-up lock, so that instances starting
    /// together find one key ring instead of each making a key the others do not know yet. Data Protection
    /// judges keys by the system clock, so this does too.
    /// </summary>
    private static void EnsurePortalKey(WebApplication app)
    {
        var keys = app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        var now = TimeProvider.System.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            var lifetime = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value.NewKeyLifetime;
            keys.CreateNewKey(now, now + lifetime);
        }
    }

    private static async Task BootstrapAdminAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var configured = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value.AdminApiKey;
        var bootstrap = await app.Services.GetRequiredService<AccountService>()
            .BootstrapAdminAsync(string.IsNullOrWhiteSpace(configured) ? null : configured, cancellationToken);
        if (bootstrap is { GeneratedSecret: { } secret } created)
        {
            // The secret goes to an owner-only file and nowhere else: logs are copied, shipped and
            // kept by people and systems that must never hold an admin key.
            var directory = app.Services.GetRequiredService<StorageOptions>().DataDirectory;
            PrivateFiles.EnsureDirectory(directory, app.Logger);
            var path = Path.GetFullPath(Path.Combine(directory, BootstrapKeyFile));
            PrivateFiles.WriteSecret(path, secret);
            app.Logger.LogWarning("Created the first admin account {AccountId}. Its API key is in {Path} (readable only by this user); keep it safe and remove the file once it is stored elsewhere.", created.Admin.Id, path);
        }
        else if (bootstrap is { } fromConfig)
        {
            app.Logger.LogWarning("Created the first admin account {AccountId} with the key from Pki:Bootstrap:AdminApiKey.", fromConfig.Admin.Id);
        }
    }

    /// <summary>
    /// The public base URL is written into every certificate (CRL distribution point, AIA), so a
    /// production service should name it rather than rely on the listen address.
    /// </summary>
    private static void WarnWhenPublicBaseUrlIsDerived(WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Configuration["Pki:PublicBaseUrl"]))
        {
            app.Logger.LogWarning("Pki:PublicBaseUrl is not set: certificates name {PublicBaseUrl} (from the listen address) for CRLs, OCSP and CA certificates. Set it to the name relying parties reach.",
                app.Services.GetRequiredService<IOptions<PublicUrlOptions>>().Value.PublicBaseUrl);
        }
    }
}
