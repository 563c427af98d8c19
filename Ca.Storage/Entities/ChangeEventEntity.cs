namespace Ca.Storage.Entities;

/// <summary>Row of the change feed: written with the change it reports, read by every instance.</summary>
public sealed class ChangeEventEntity
{
    public long Id { get; set; }
    public string Kind { get; set; } = string.Empty;
    public string? CaId { get; set; }
    public string Subject { get; set; } = string.Empty;
    public DateTime At { get; set; }
}
