using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

/// <summary>One row per linked certificate: the key makes "linked to at most one person" a database fact.</summary>
internal sealed class PersonCertificateConfiguration : IEntityTypeConfiguration<PersonCertificateEntity>
{
    public void Configure(EntityTypeBuilder<PersonCertificateEntity> builder)
    {
        builder.ToTable("PersonCertificates");
        builder.HasKey(c => new { c.IssuerId, c.SerialNumber });
        builder.Property(c => c.IssuerId).HasMaxLength(64);
        builder.Property(c => c.SerialNumber).HasMaxLength(64);
        builder.Property(c => c.PersonId).HasMaxLength(64);
        builder.Property(c => c.LinkedBy).HasMaxLength(128);
        builder.HasIndex(c => c.PersonId);
    }
}
