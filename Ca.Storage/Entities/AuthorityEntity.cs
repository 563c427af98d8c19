namespace Ca.Storage.Entities;

/// <summary>Row for a CA. The private key column only ever holds KEK-encrypted bytes.</summary>
public sealed class AuthorityEntity
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string? ParentId { get; set; }
    public byte[] CertificateDer { get; set; } = [];
    public byte[] ProtectedKey { get; set; } = [];
    public string KeyAlgorithm { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int? RevocationReason { get; set; }
}
