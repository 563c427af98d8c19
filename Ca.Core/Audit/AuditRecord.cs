namespace Ca.Core.Audit;

/// <summary>An audit event as appended to the log: numbered and chained to its predecessor by hash.</summary>
/// <param name="Sequence">1-based position in the log; gaps are themselves evidence of tampering.</param>
/// <param name="Event">What happened.</param>
/// <param name="PreviousHash">The <see cref="Hash"/> of record <c>Sequence - 1</c> (all zeros for the first).</param>
/// <param name="Hash">SHA-256 over this record's fields and <see cref="PreviousHash"/>, lower-case hex.</param>
public sealed record AuditRecord(long Sequence, AuditEvent Event, string PreviousHash, string Hash);
