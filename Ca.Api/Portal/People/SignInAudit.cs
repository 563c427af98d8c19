using Ca.Api.Authentication;
using Ca.Core.Audit;

namespace Ca.Api.Portal.People;

/// <summary>
/// Every sign-in, failure and sign-out goes into the audit log (never the password or the code), and
/// failures also feed the per-address burst monitor the API-key scheme uses.
/// </summary>
public sealed class SignInAudit
{
    private readonly AuditService audit;
    private readonly AuthenticationFailureMonitor failures;

    internal SignInAudit(AuditService audit, AuthenticationFailureMonitor failures)
    {
        this.audit = audit;
        this.failures = failures;
    }

    /// <summary>A completed sign-in; <paramref name="certificate"/> names the certificate when one took the password's place.</summary>
    public Task SucceededAsync(HttpContext http, PortalUser user, string method, string? certificate = null) =>
        audit.RecordAsync(AuditActions.SignedIn, user.Id, user.Id, "success", new { organization = user.OrganizationId, method, certificate }, http.TraceIdentifier, http.RequestAborted);

    /// <summary>A refused step; <paramref name="certificate"/> names the presented certificate (issuer id and serial when this PKI knows it).</summary>
    public async Task FailedAsync(HttpContext http, PortalUser? user, string reason, string step, string? certificate = null)
    {
        await audit.RecordAsync(AuditActions.SignInFailed, user?.Id ?? "unknown-user", "anonymous", "denied",
            new { reason, step, certificate, source = http.Connection.RemoteIpAddress?.ToString() }, http.TraceIdentifier, http.RequestAborted);
        await failures.RecordFailureAsync(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.TraceIdentifier, http.RequestAborted);
    }

    public Task SignedOutAsync(HttpContext http, string personId) =>
        audit.RecordAsync(AuditActions.SignedOut, personId, personId, "success", new { }, http.TraceIdentifier, http.RequestAborted);
}
