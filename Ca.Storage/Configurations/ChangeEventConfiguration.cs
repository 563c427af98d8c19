using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEventEntity>
{
    public void Configure(EntityTypeBuilder<ChangeEventEntity> builder)
    {
        builder.ToTable("ChangeEvents");

        // Database-generated and, because writers hold the chain head locked until commit, growing in commit order.
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.CaId).HasMaxLength(64);
        builder.Property(e => e.Subject).HasMaxLength(128);
        builder.HasIndex(e => e.At);
    }
}
