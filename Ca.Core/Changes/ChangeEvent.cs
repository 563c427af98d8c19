namespace Ca.Core.Changes;

/// <summary>
/// A committed change that other instances must hear of to drop what they hold in memory, written in the
/// same transaction as the change itself. <paramref name="Id"/> grows in commit order.
/// </summary>
/// <param name="Id">Position in the feed.</param>
/// <param name="Kind">One of <see cref="ChangeKinds"/>.</param>
/// <param name="CaId">The CA concerned (the issuer for a certificate, the parent for a CA), if any.</param>
/// <param name="Subject">What changed: a serial (hex), a CA id, an API key id or an account id.</param>
/// <param name="At">When it was committed.</param>
public sealed record ChangeEvent(long Id, string Kind, string? CaId, string Subject, DateTimeOffset At);
