using Ca.Core.Accounts;
using Ca.Core.Authorities;
using Ca.Core.Revocation;
using Ca.Storage;
using Microsoft.Extensions.Options;

namespace Ca.Api.Startup;

/// <summary>
/// Runs before the server listens: migrate the database, make sure the CA hierarchy exists, and on
/// an empty system create the first admin account.
/// </summary>
internal static class PkiInitializer
{
    public const string BootstrapKeyFile = "bootstrap-admin.key";

    public static async Task InitializePkiAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        await app.Services.GetRequiredService<AuthorityBootstrapper>().EnsureHierarchyAsync(cancellationToken);

        // Every CA has a CRL (and delta) to serve from the first request on.
        var publisher = app.Services.GetRequiredService<CrlPublisher>();
        foreach (var authority in await app.Services.GetRequiredService<AuthorityRegistry>().ListAsync(cancellationToken))
        {
            await publisher.CurrentAsync(authority.Id, delta: false, cancellationToken);
            await publisher.CurrentAsync(authority.Id, delta: true, cancellationToken);
        }

        var configured = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value.AdminApiKey;
        var bootstrap = await app.Services.GetRequiredService<AccountService>()
            .BootstrapAdminAsync(string.IsNullOrWhiteSpace(configured) ? null : configured, cancellationToken);
        if (bootstrap is { GeneratedSecret: { } secret } created)
        {
            var directory = app.Services.GetRequiredService<StorageOptions>().DataDirectory;
            var path = Path.Combine(directory, BootstrapKeyFile);
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(path, fileOptions))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(secret);
            }

            // Shown once: this is the only time the secret exists outside the file above.
            app.Logger.LogWarning("Created the first admin account {AccountId}. Its API key (shown once, also in {Path}): {ApiKey}", created.Admin.Id, Path.GetFullPath(path), secret);
        }
        else if (bootstrap is { } fromConfig)
        {
            app.Logger.LogWarning("Created the first admin account {AccountId} with the key from Pki:Bootstrap:AdminApiKey.", fromConfig.Admin.Id);
        }
    }
}
