using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecordEntity>
{
    public void Configure(EntityTypeBuilder<AuditRecordEntity> builder)
    {
        builder.ToTable("AuditRecords");

        // The writer numbers records; a second instance appending the same number fails on the key
        // instead of forking the chain.
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(128);
        builder.Property(a => a.Actor).HasMaxLength(128);
        builder.Property(a => a.Outcome).HasMaxLength(256);
        builder.Property(a => a.CorrelationId).HasMaxLength(128);
        builder.Property(a => a.Details).HasMaxLength(4000);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.Action, a.Sequence });
        builder.HasIndex(a => new { a.Target, a.Sequence });
        builder.HasIndex(a => new { a.Actor, a.Sequence });
        builder.HasIndex(a => a.At);
    }
}
