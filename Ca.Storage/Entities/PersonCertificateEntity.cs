namespace Ca.Storage.Entities;

/// <summary>Row linking a TLS client certificate (issuer, serial) to the person it signs in to the portal.</summary>
public sealed class PersonCertificateEntity
{
    public string IssuerId { get; set; } = string.Empty;
    public string SerialNumber { get; set; } = string.Empty;
    public string PersonId { get; set; } = string.Empty;
    public DateTime LinkedAt { get; set; }
    public string LinkedBy { get; set; } = string.Empty;
}
