using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class ServiceKeyConfiguration : IEntityTypeConfiguration<ServiceKeyEntity>
{
    public void Configure(EntityTypeBuilder<ServiceKeyEntity> builder)
    {
        builder.ToTable("ServiceKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.Purpose).HasMaxLength(32);
        builder.Property(k => k.CaId).HasMaxLength(64);
        builder.Property(k => k.Name).HasMaxLength(256);
        builder.Property(k => k.Owner).HasMaxLength(128);
        builder.Property(k => k.KeyAlgorithm).HasMaxLength(32);
        builder.HasIndex(k => new { k.Purpose, k.CaId, k.Active });
    }
}

internal sealed class CrlConfiguration : IEntityTypeConfiguration<CrlEntity>
{
    public void Configure(EntityTypeBuilder<CrlEntity> builder)
    {
        builder.ToTable("Crls");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CaId).HasMaxLength(64);

        // The DB-level guard: two instances can never publish the same CRL number for a CA.
        builder.HasIndex(c => new { c.CaId, c.Number }).IsUnique();
        builder.HasIndex(c => new { c.CaId, c.IsDelta, c.Number });
    }
}
