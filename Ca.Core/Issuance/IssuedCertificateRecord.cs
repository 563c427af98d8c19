namespace Ca.Core.Issuance;

/// <summary>An issued certificate as stored, with its revocation state.</summary>
public sealed record IssuedCertificateRecord
{
    /// <summary>The CA that signed it.</summary>
    public required string IssuerId { get; init; }

    /// <summary>Serial in canonical hex (unique per issuer).</summary>
    public required string SerialNumber { get; init; }

    /// <summary>Subject display string.</summary>
    public required string Subject { get; init; }

    /// <summary>subjectAltNames in the API's text form.</summary>
    public required IReadOnlyList<string> Sans { get; init; }

    /// <summary>Profile it was issued under.</summary>
    public required string Profile { get; init; }

    /// <summary>Validity start.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>Validity end.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>The certificate.</summary>
    public required byte[] Der { get; init; }

    /// <summary>Revocation state.</summary>
    public required CertificateStatus Status { get; init; }

    /// <summary>The request it came from, if any.</summary>
    public Guid? RequestId { get; init; }

    /// <summary>The account that owns it.</summary>
    public required string Owner { get; init; }

    /// <summary>When it was revoked or put on hold.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>RFC 5280 CRLReason code.</summary>
    public int? RevocationReason { get; init; }

    /// <summary>When the key is known or suspected to have been compromised.</summary>
    public DateTimeOffset? InvalidityDate { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }
}
