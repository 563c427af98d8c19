using Ca.Core.Acme;
using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ca.Storage.Configurations;

internal sealed class AcmeAccountConfiguration : IEntityTypeConfiguration<AcmeAccountEntity>
{
    public void Configure(EntityTypeBuilder<AcmeAccountEntity> builder)
    {
        builder.ToTable("AcmeAccounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.KeyThumbprint).HasMaxLength(64);
        builder.Property(a => a.Jwk).HasMaxLength(4000);
        builder.Property(a => a.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(a => a.Contact).HasMaxLength(2000);
        builder.Property(a => a.Owner).HasMaxLength(128);
        builder.Property(a => a.EabKeyId).HasMaxLength(64);

        // One account per key (RFC 8555 7.3.1, 7.3.5): the database enforces it, not just a lookup.
        builder.HasIndex(a => a.KeyThumbprint).IsUnique();
        builder.HasIndex(a => a.Owner);
    }
}

internal sealed class AcmeOrderConfiguration : IEntityTypeConfiguration<AcmeOrderEntity>
{
    public void Configure(EntityTypeBuilder<AcmeOrderEntity> builder)
    {
        builder.ToTable("AcmeOrders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasMaxLength(32);
        builder.Property(o => o.AccountId).HasMaxLength(32);
        builder.Property(o => o.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(o => o.Identifiers).HasMaxLength(8000);
        builder.Property(o => o.AuthorizationIds).HasMaxLength(4000);
        builder.Property(o => o.CertificateSerial).HasMaxLength(64);
        builder.Property(o => o.CertificateIssuerId).HasMaxLength(64);
        builder.Property(o => o.Error).HasMaxLength(2000);
        builder.Property(o => o.Replaces).HasMaxLength(256);
        builder.HasIndex(o => new { o.AccountId, o.CreatedAt });
        builder.HasIndex(o => o.CertificateSerial);
    }
}

internal sealed class AcmeAuthorizationConfiguration : IEntityTypeConfiguration<AcmeAuthorizationEntity>
{
    public void Configure(EntityTypeBuilder<AcmeAuthorizationEntity> builder)
    {
        builder.ToTable("AcmeAuthorizations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.AccountId).HasMaxLength(32);
        builder.Property(a => a.IdentifierType).HasMaxLength(8);
        builder.Property(a => a.IdentifierValue).HasMaxLength(256);
        builder.Property(a => a.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(a => a.Challenges).HasMaxLength(4000);
        builder.HasIndex(a => new { a.AccountId, a.IdentifierValue, a.Status });
        builder.HasIndex(a => new { a.Processing, a.Status });
    }
}

internal sealed class AcmeEabCredentialConfiguration : IEntityTypeConfiguration<AcmeEabCredentialEntity>
{
    public void Configure(EntityTypeBuilder<AcmeEabCredentialEntity> builder)
    {
        builder.ToTable("AcmeEabCredentials");
        builder.HasKey(e => e.KeyId);
        builder.Property(e => e.KeyId).HasMaxLength(64);
        builder.Property(e => e.Owner).HasMaxLength(128);
        builder.Property(e => e.ProtectedHmacKey).HasMaxLength(256);
        builder.Property(e => e.CreatedBy).HasMaxLength(128);
        builder.Property(e => e.BoundAccountId).HasMaxLength(32);
        builder.HasIndex(e => e.Owner);
    }
}

internal sealed class AcmeNonceConfiguration : IEntityTypeConfiguration<AcmeNonceEntity>
{
    public void Configure(EntityTypeBuilder<AcmeNonceEntity> builder)
    {
        builder.ToTable("AcmeNonces");
        builder.HasKey(n => n.Value);
        builder.Property(n => n.Value).HasMaxLength(ReplayNonces.NonceBytes).IsFixedLength();

        // For pruning the expired ones.
        builder.HasIndex(n => n.Expires);
    }
}
