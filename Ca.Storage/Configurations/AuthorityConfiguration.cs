using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class AuthorityConfiguration : IEntityTypeConfiguration<AuthorityEntity>
{
    public void Configure(EntityTypeBuilder<AuthorityEntity> builder)
    {
        builder.ToTable("Authorities");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(64);
        builder.Property(a => a.Name).HasMaxLength(256);
        builder.Property(a => a.ParentId).HasMaxLength(64);
        builder.Property(a => a.KeyAlgorithm).HasMaxLength(32);
        builder.Property(a => a.Status).HasMaxLength(16).IsConcurrencyToken();
    }
}
