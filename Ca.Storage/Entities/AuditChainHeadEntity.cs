namespace Ca.Storage.Entities;

/// <summary>
/// The single row naming the audit chain's last record. Every writing transaction locks it first, so the
/// database, not a process, decides who appends next when several instances share it.
/// </summary>
public sealed class AuditChainHeadEntity
{
    /// <summary>The row's id; there is only <see cref="SingletonId"/>.</summary>
    public const int SingletonId = 1;

    public int Id { get; set; }
    public long Sequence { get; set; }
    public string Hash { get; set; } = string.Empty;
}
