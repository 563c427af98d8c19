using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<CertificateEntity>
{
    public void Configure(EntityTypeBuilder<CertificateEntity> builder)
    {
        builder.ToTable("Certificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.IssuerId).HasMaxLength(64);
        builder.Property(c => c.SerialNumber).HasMaxLength(64);
        builder.Property(c => c.Subject).HasMaxLength(2048);
        builder.Property(c => c.Sans).HasMaxLength(8000);
        builder.Property(c => c.Profile).HasMaxLength(64);
        builder.Property(c => c.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(c => c.Owner).HasMaxLength(128);

        // RFC 5280 4.1.2.2: a serial is unique per issuer; the database enforces it, not just the RNG.
        // Serial first, so the same index serves lookups by serial alone: serials are random, and every
        // random-keyed index costs each issuance a page write of its own.
        builder.HasIndex(c => new { c.SerialNumber, c.IssuerId }).IsUnique();
        builder.HasIndex(c => new { c.IssuerId, c.RevokedAt });
        builder.HasIndex(c => c.NotAfter);
        builder.HasIndex(c => new { c.Owner, c.Id });
        builder.HasIndex(c => new { c.Profile, c.Id });
        builder.HasIndex(c => c.RequestId);
    }
}
