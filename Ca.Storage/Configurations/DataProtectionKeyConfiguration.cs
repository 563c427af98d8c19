using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKeyEntity>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyEntity> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedOnAdd();
        builder.Property(k => k.FriendlyName).HasMaxLength(100);
        builder.HasIndex(k => k.FriendlyName).IsUnique();
    }
}
