using Ca.Core.Audit;
using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHeadEntity>
{
    public void Configure(EntityTypeBuilder<AuditChainHeadEntity> builder)
    {
        builder.ToTable("AuditChainHead");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Hash).HasMaxLength(64);

        // An empty chain; a database that already has records is brought to its real head by the migration.
        builder.HasData(new AuditChainHeadEntity { Id = AuditChainHeadEntity.SingletonId, Sequence = 0, Hash = AuditChain.GenesisHash });
    }
}
