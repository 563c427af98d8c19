using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ca.Storage;

/// <summary>
/// The one model for every provider. Provider-specific subclasses exist only so each has its own
/// migrations folder (<c>dotnet ef migrations add X --context SqliteCaDbContext</c>).
/// </summary>
public abstract class CaDbContext : DbContext
{
    protected CaDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<AuthorityEntity> Authorities => Set<AuthorityEntity>();

    public DbSet<CertificateRequestEntity> CertificateRequests => Set<CertificateRequestEntity>();

    public DbSet<CertificateEntity> Certificates => Set<CertificateEntity>();

    public DbSet<AuditRecordEntity> AuditRecords => Set<AuditRecordEntity>();

    public DbSet<AccountEntity> Accounts => Set<AccountEntity>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    public DbSet<ServiceKeyEntity> ServiceKeys => Set<ServiceKeyEntity>();

    public DbSet<PersonEntity> People => Set<PersonEntity>();

    public DbSet<PersonCertificateEntity> PersonCertificates => Set<PersonCertificateEntity>();

    public DbSet<CrlEntity> Crls => Set<CrlEntity>();

    public DbSet<ChangeEventEntity> ChangeEvents => Set<ChangeEventEntity>();

    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();

    public DbSet<AuditChainHeadEntity> AuditChainHead => Set<AuditChainHeadEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CaDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC in and out; providers hand back Unspecified kinds otherwise.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}

/// <summary>The embedded default provider.</summary>
public sealed class SqliteCaDbContext(DbContextOptions<SqliteCaDbContext> options) : CaDbContext(options);

/// <summary>The production provider.</summary>
public sealed class SqlServerCaDbContext(DbContextOptions<SqlServerCaDbContext> options) : CaDbContext(options);

/// <summary>The provider for several instances on one server database.</summary>
public sealed class PostgresCaDbContext(DbContextOptions<PostgresCaDbContext> options) : CaDbContext(options);
