namespace Ca.Core.Audit;

/// <summary>
/// One state change, as it goes into the append-only audit log. Stores write it in the same
/// transaction as the change it describes, so the log can neither miss nor invent an event.
/// </summary>
/// <param name="Action">What happened, from <see cref="AuditActions"/>.</param>
/// <param name="Target">What it happened to (a CA id, a request id, a serial).</param>
/// <param name="Actor">Who did it (account id or system job).</param>
/// <param name="Outcome">success, or the reason it was refused.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="CorrelationId">The HTTP request id it came from.</param>
/// <param name="Details">Short JSON with the specifics (profile, reason code).</param>
public sealed record AuditEvent(string Action, string Target, string Actor, string Outcome, DateTimeOffset At, string? CorrelationId = null, string? Details = null)
{
    /// <summary>A change the caller made successfully, with its specifics serialised as JSON.</summary>
    public static AuditEvent Succeeded(DateTimeOffset at, string action, string target, Common.CallerContext caller, object details) =>
        new(action, target, caller.ActorId, "success", at, caller.CorrelationId, System.Text.Json.JsonSerializer.Serialize(details));
}
