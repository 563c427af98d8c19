using Ca.Storage;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Storage;

/// <summary>
/// SQL Server cannot run here, so its path is kept honest without a server: the provider is wired,
/// the model builds, and the generated migrations are in step with the model (no pending changes).
/// </summary>
public sealed class SqlServerModelTests
{
    private const string ConnectionString = "Server=localhost;Database=Pki;User Id=sa;Password=x;TrustServerCertificate=True";

    [Fact]
    public void SqlServerProvider_WhenConfigured_BuildsContextsAndMigrationScript()
    {
        var services = new ServiceCollection().AddLogging()
            .AddPkiStorage(new StorageOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = ConnectionString });
        using var provider = services.BuildServiceProvider();

        using var db = provider.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        var script = db.Database.GenerateCreateScript();

        Assert.IsType<SqlServerCaDbContext>(db);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Certificates_SerialNumber_IssuerId]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Crls_CaId_Number]", script);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.IsType<PooledWriterContexts>(provider.GetRequiredService<IWriterContexts>());
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Migrations_ForEachProvider_MatchTheModel(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.SqlServer => ConnectionString,
            DatabaseProvider.Postgres => "Host=localhost;Database=pki",
            _ => "Data Source=:memory:",
        };
        var services = new ServiceCollection().AddLogging()
            .AddPkiStorage(new StorageOptions { Provider = provider, ConnectionString = connectionString });
        using var scope = services.BuildServiceProvider();
        using var db = scope.GetRequiredService<ICaDbContextFactory>().CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: add a migration for {provider}.");
    }
}
