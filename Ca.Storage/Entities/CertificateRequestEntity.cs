namespace Ca.Storage.Entities;

/// <summary>Row for a certificate request; subject and SANs as JSON so approval replays exactly what was checked.</summary>
public sealed class CertificateRequestEntity
{
    public Guid Id { get; set; }
    public string Profile { get; set; } = string.Empty;
    public string CaId { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public string Requester { get; set; } = string.Empty;
    public string? SubmittedBy { get; set; }
    public byte[]? CsrDer { get; set; }
    public string SubjectJson { get; set; } = "[]";
    public string SansJson { get; set; } = "[]";
    public int ValidityDays { get; set; }
    public string? KeyAlgorithm { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }
    public string? CertificateSerial { get; set; }
}
