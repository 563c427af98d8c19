using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<PersonEntity>
{
    public void Configure(EntityTypeBuilder<PersonEntity> builder)
    {
        builder.ToTable("People");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.OrganizationId).HasMaxLength(64);
        builder.Property(p => p.UserName).HasMaxLength(128);
        builder.Property(p => p.NormalizedUserName).HasMaxLength(128);
        builder.Property(p => p.DisplayName).HasMaxLength(200);
        builder.Property(p => p.Roles).HasMaxLength(256);
        builder.Property(p => p.PasswordHash).HasMaxLength(512);
        builder.Property(p => p.SecurityStamp).HasMaxLength(64);
        builder.Property(p => p.ConcurrencyStamp).HasMaxLength(64);
        builder.Property(p => p.ProtectedAuthenticatorKey).HasMaxLength(256);
        builder.HasIndex(p => p.NormalizedUserName).IsUnique();
        builder.HasIndex(p => p.OrganizationId);
    }
}
