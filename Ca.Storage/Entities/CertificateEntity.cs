namespace Ca.Storage.Entities;

/// <summary>Row for an issued certificate and its revocation state.</summary>
public sealed class CertificateEntity
{
    public long Id { get; set; }
    public string IssuerId { get; set; } = string.Empty;
    public string SerialNumber { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    public string Sans { get; set; } = string.Empty;
    public string Profile { get; set; } = string.Empty;
    public DateTime NotBefore { get; set; }
    public DateTime NotAfter { get; set; }
    public byte[] Der { get; set; } = [];
    public string Status { get; set; } = string.Empty;
    public Guid? RequestId { get; set; }
    public string Owner { get; set; } = string.Empty;
    public DateTime IssuedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int? RevocationReason { get; set; }
    public DateTime? InvalidityDate { get; set; }
    public DateTime? UnheldAt { get; set; }
    public DateTime? StatusChangedAt { get; set; }
}
