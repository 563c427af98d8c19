namespace Ca.Storage.Entities;

/// <summary>Row for an OCSP/TSA/e-seal key: certificate plus KEK-encrypted private key.</summary>
public sealed class ServiceKeyEntity
{
    public string Id { get; set; } = string.Empty;
    public string Purpose { get; set; } = string.Empty;
    public string CaId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Owner { get; set; } = string.Empty;
    public byte[] CertificateDer { get; set; } = [];
    public byte[] ProtectedKey { get; set; } = [];
    public string KeyAlgorithm { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime NotAfter { get; set; }
    public bool Active { get; set; }
}

/// <summary>Row for a published CRL.</summary>
public sealed class CrlEntity
{
    public long Id { get; set; }
    public string CaId { get; set; } = string.Empty;
    public long Number { get; set; }
    public bool IsDelta { get; set; }
    public long? BaseNumber { get; set; }
    public DateTime ThisUpdate { get; set; }
    public DateTime NextUpdate { get; set; }
    public byte[] Der { get; set; } = [];
}
