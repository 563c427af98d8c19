using Ca.Core.Audit;
using Ca.Storage.Entities;

namespace Ca.Storage.Writing;

internal static class AuditMapping
{
    public static AuditRecordEntity ToEntity(AuditRecord record) => new()
    {
        Sequence = record.Sequence,
        At = record.Event.At.UtcDateTime,
        AtTicks = record.Event.At.UtcTicks,
        Action = record.Event.Action,
        Target = record.Event.Target,
        Actor = record.Event.Actor,
        Outcome = record.Event.Outcome,
        CorrelationId = record.Event.CorrelationId,
        Details = record.Event.Details,
        PreviousHash = record.PreviousHash,
        Hash = record.Hash,
    };

    public static AuditRecord ToRecord(AuditRecordEntity e) => new(
        e.Sequence,
        new AuditEvent(e.Action, e.Target, e.Actor, e.Outcome, new DateTimeOffset(e.AtTicks, TimeSpan.Zero), e.CorrelationId, e.Details),
        e.PreviousHash,
        e.Hash);
}
