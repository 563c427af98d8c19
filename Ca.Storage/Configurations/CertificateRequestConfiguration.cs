using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class CertificateRequestConfiguration : IEntityTypeConfiguration<CertificateRequestEntity>
{
    public void Configure(EntityTypeBuilder<CertificateRequestEntity> builder)
    {
        builder.ToTable("CertificateRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Profile).HasMaxLength(64);
        builder.Property(r => r.CaId).HasMaxLength(64);

        // Status is the concurrency token: two officers deciding the same request cannot both win.
        builder.Property(r => r.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(r => r.Requester).HasMaxLength(128);
        builder.Property(r => r.SubmittedBy).HasMaxLength(128);
        builder.Property(r => r.KeyAlgorithm).HasMaxLength(32);
        builder.Property(r => r.DecidedBy).HasMaxLength(128);
        builder.Property(r => r.DecisionReason).HasMaxLength(1000);
        builder.Property(r => r.CertificateSerial).HasMaxLength(64);
        builder.HasIndex(r => new { r.Status, r.SubmittedAt });
        builder.HasIndex(r => r.Requester);
    }
}
