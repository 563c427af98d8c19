using Ca.Core.Revocation;

namespace Ca.Core.Ocsp;

/// <summary>
/// What the store knows about one serial, in the shape OCSP needs; keeps the responder independent of
/// how issued certificates are stored.
/// </summary>
/// <param name="Kind">Good, revoked or unknown.</param>
/// <param name="RevokedAt">revocationTime; set only when revoked.</param>
/// <param name="Reason">revocationReason; set only when revoked (<see cref="RevocationReason.Unspecified"/> is sent without a reason).</param>
public sealed record CertificateStatusInfo(CertificateStatusKind Kind, DateTimeOffset? RevokedAt = null, RevocationReason? Reason = null)
{
    /// <summary>Issued and not revoked.</summary>
    public static CertificateStatusInfo Good { get; } = new(CertificateStatusKind.Good);

    /// <summary>Never issued by this CA.</summary>
    public static CertificateStatusInfo Unknown { get; } = new(CertificateStatusKind.Unknown);

    /// <summary>Revoked (or held) at <paramref name="revokedAt"/> for <paramref name="reason"/>.</summary>
    public static CertificateStatusInfo Revoked(DateTimeOffset revokedAt, RevocationReason reason) =>
        new(CertificateStatusKind.Revoked, revokedAt, reason);
}
