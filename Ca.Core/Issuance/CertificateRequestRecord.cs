namespace Ca.Core.Issuance;

/// <summary>
/// A certificate request as stored: enough to issue later (on approval) exactly what was checked at
/// submission, and to show the requester where it stands.
/// </summary>
public sealed record CertificateRequestRecord
{
    /// <summary>Request id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Profile name.</summary>
    public required string Profile { get; init; }

    /// <summary>The issuing CA chosen at submission.</summary>
    public required string CaId { get; init; }

    /// <summary>Current status.</summary>
    public required RequestStatus Status { get; init; }

    /// <summary>The organization (account) that asked for it and will own the certificate.</summary>
    public required string Requester { get; init; }

    /// <summary>
    /// Who submitted it: a person's id, or the organization's id when its API key or client
    /// certificate did. Null on requests stored before people existed (then <see cref="Requester"/>).
    /// Four-eyes compares this with the approver.
    /// </summary>
    public string? SubmittedBy { get; init; }

    /// <summary>The PKCS#10 as received; null for server-side key generation.</summary>
    public byte[]? CsrDer { get; init; }

    /// <summary>The validated subject, in canonical order.</summary>
    public required IReadOnlyList<SubjectAttribute> Subject { get; init; }

    /// <summary>The validated subjectAltNames.</summary>
    public required IReadOnlyList<SubjectAltName> Sans { get; init; }

    /// <summary>Validity asked for (or the profile's default), in days.</summary>
    public required int ValidityDays { get; init; }

    /// <summary>For server-side key generation: the key algorithm.</summary>
    public string? KeyAlgorithm { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When it was approved, rejected or expired.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Who decided (officer account id, or the system for auto-approval).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Why it was rejected.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>The issued certificate's serial (hex), once issued.</summary>
    public string? CertificateSerial { get; init; }
}
