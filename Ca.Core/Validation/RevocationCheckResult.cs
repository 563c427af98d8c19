using Ca.Core.Revocation;

namespace Ca.Core.Validation;

/// <summary>Outcome of one revocation check; carries the evidence a caller needs to report or audit it.</summary>
public sealed record RevocationCheckResult
{
    private RevocationCheckResult(RevocationStatus status, DateTimeOffset? revocationTime, RevocationReason? reason, string? detail)
    {
        Status = status;
        RevocationTime = revocationTime;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Good, Revoked or Unknown.</summary>
    public RevocationStatus Status { get; init; }

    /// <summary>When the certificate was revoked, for <see cref="RevocationStatus.Revoked"/>.</summary>
    public DateTimeOffset? RevocationTime { get; init; }

    /// <summary>Why it was revoked, for <see cref="RevocationStatus.Revoked"/>.</summary>
    public RevocationReason? Reason { get; init; }

    /// <summary>Human-readable explanation, mainly for <see cref="RevocationStatus.Unknown"/>.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// Unknown because evidence was there but could not be relied on (an OCSP answer whose delegated responder is
    /// revoked or of unknown status), as opposed to no evidence at all; a later source's answer keeps the reason.
    /// </summary>
    public bool EvidenceNotUsable { get; init; }

    /// <summary>Where the answer came from (database, OCSP URL, CRL number, the caller), for the report.</summary>
    public RevocationSource? Source { get; init; }

    /// <summary>The same answer, naming where it came from.</summary>
    public RevocationCheckResult From(RevocationSource source) => this with { Source = source };

    /// <summary>Shared instance for the common "not revoked" answer.</summary>
    public static RevocationCheckResult Good { get; } = new(RevocationStatus.Good, null, null, null);

    /// <summary>The certificate is revoked.</summary>
    /// <param name="revocationTime">Revocation date from the CRL entry or database.</param>
    /// <param name="reason">The revocation reason.</param>
    public static RevocationCheckResult Revoked(DateTimeOffset revocationTime, RevocationReason reason) =>
        new(RevocationStatus.Revoked, revocationTime, reason, null);

    /// <summary>The status could not be determined.</summary>
    /// <param name="why">Explanation for logs and callers.</param>
    public static RevocationCheckResult Unknown(string why) => new(RevocationStatus.Unknown, null, null, why);

    /// <summary>Unknown because the evidence at hand cannot be relied on (see <see cref="EvidenceNotUsable"/>).</summary>
    /// <param name="why">What was refused and why, for the report.</param>
    public static RevocationCheckResult NotUsable(string why) => new(RevocationStatus.Unknown, null, null, why) { EvidenceNotUsable = true };
}
