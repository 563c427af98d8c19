using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Core.Audit;

namespace Ca.Api.Endpoints;

/// <summary>The audit log for auditors: search it, and prove it has not been altered.</summary>
internal static class AuditEndpoints
{
    public sealed record AuditRecordResponse(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Outcome, string? RequestId, string? Details, string PreviousHash, string Hash)
    {
        public static AuditRecordResponse From(AuditRecord r) =>
            new(r.Sequence, r.Event.At, r.Event.Actor, r.Event.Action, r.Event.Target, r.Event.Outcome, r.Event.CorrelationId, r.Event.Details, r.PreviousHash, r.Hash);
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Auditor)
            .ProducesProblem(401).ProducesProblem(403);

        group.MapGet("/", async (AuditService audit, CancellationToken ct, string? action = null, string? actor = null, string? target = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 100) =>
            {
                var result = await audit.QueryAsync(new AuditQuery { Action = action, Actor = actor, Target = target, From = from, To = to, Page = page, PageSize = pageSize }, ct);
                return new PageResponse<AuditRecordResponse>(result.Items.Select(AuditRecordResponse.From).ToList(), result.Total, result.Page, result.PageSize);
            })
            .WithName("ListAuditRecords").WithSummary("Audit records, newest first, filtered by action, actor, target and time.")
            .ProducesProblem(400);

        group.MapGet("/verify", async (AuditService audit, CancellationToken ct) => await audit.VerifyAsync(ct))
            .WithName("VerifyAuditChain").WithSummary("Recomputes the hash chain over the whole log: { valid, records, firstBrokenId }.");

        return app;
    }
}
