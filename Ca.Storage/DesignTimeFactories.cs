using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ca.Storage;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the API.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCaDbContext>
{
    public SqliteCaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCaDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model without a server.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCaDbContext>
{
    public SqlServerDesignTimeFactory()
    {
    }

    public SqlServerCaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCaDbContext>().UseSqlServer("Server=localhost;Database=Pki;Trusted_Connection=True;TrustServerCertificate=True").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCaDbContext>
{
    public PostgresCaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCaDbContext>().UseNpgsql("Host=localhost;Database=pki").Options);
}
