using Ca.Core.Authorities;
using Ca.Storage;

namespace Ca.Api.Startup;

/// <summary>Runs before the server listens: migrate the database, then make sure the CA hierarchy exists.</summary>
internal static class PkiInitializer
{
    public static async Task InitializePkiAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        await app.Services.GetRequiredService<AuthorityBootstrapper>().EnsureHierarchyAsync(cancellationToken);
    }
}
