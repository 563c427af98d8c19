using Ca.Core.Issuance;

namespace Ca.Core.Audit;

/// <summary>Persistence port for reading the audit log, and for events that change no other state.</summary>
public interface IAuditLog
{
    /// <summary>Appends events that accompany no state change (authentication failure bursts, checkpoints).</summary>
    Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    /// <summary>Records matching the query, newest first.</summary>
    Task<PagedResult<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The whole log in sequence order, streamed, for verification.</summary>
    IAsyncEnumerable<AuditRecord> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The latest record, or null for an empty log.</summary>
    Task<AuditRecord?> HeadAsync(CancellationToken cancellationToken);
}

/// <summary>Filters for reading the audit log.</summary>
public sealed record AuditQuery
{
    /// <summary>Only this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only this actor.</summary>
    public string? Actor { get; init; }

    /// <summary>Only this target.</summary>
    public string? Target { get; init; }

    /// <summary>At or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Before.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Page size (1-500).</summary>
    public int PageSize { get; init; } = 100;
}

/// <summary>The result of recomputing the chain.</summary>
/// <param name="Valid">True when every record links and hashes correctly.</param>
/// <param name="Records">How many records were checked.</param>
/// <param name="FirstBrokenId">The sequence of the first bad record (or bad checkpoint).</param>
/// <param name="Checkpoints">How many signed checkpoints were verified.</param>
public sealed record AuditVerification(bool Valid, long Records, long? FirstBrokenId, int Checkpoints = 0);
