namespace Ca.Storage.Entities;

/// <summary>Row of the append-only, hash-chained audit log. Sequence is assigned by the writer, never by the database.</summary>
public sealed class AuditRecordEntity
{
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    public long AtTicks { get; set; }
    public string Action { get; set; } = string.Empty;
    public string Target { get; set; } = string.Empty;
    public string Actor { get; set; } = string.Empty;
    public string Outcome { get; set; } = string.Empty;
    public string? CorrelationId { get; set; }
    public string? Details { get; set; }
    public string PreviousHash { get; set; } = string.Empty;
    public string Hash { get; set; } = string.Empty;
}
