using Ca.Core.Authorities;
using Ca.Core.Issuance;

namespace Ca.Core.Revocation;

/// <summary>
/// Where a stored certificate or CA stands, derived from its row here and nowhere else, so OCSP, path
/// validation, mutual-TLS login and the service's own signing keys (TSA, OCSP responders) can never
/// disagree about whether something is revoked, on hold, since when and why.
/// </summary>
public sealed record RevocationState
{
    private RevocationState(bool isGood, bool isOnHold, DateTimeOffset? revokedAt, RevocationReason? reason, DateTimeOffset? invalidityDate)
    {
        IsGood = isGood;
        IsOnHold = isOnHold;
        RevokedAt = revokedAt;
        Reason = reason;
        InvalidityDate = invalidityDate;
    }

    /// <summary>Neither revoked nor on hold.</summary>
    public static RevocationState Good { get; } = new(true, false, null, null, null);

    /// <summary>Neither revoked nor on hold (expiry is a separate question: it comes from the certificate).</summary>
    public bool IsGood { get; }

    /// <summary>Suspended with certificateHold; may still be lifted.</summary>
    public bool IsOnHold { get; }

    /// <summary>When it was revoked or put on hold; set whenever <see cref="IsGood"/> is false.</summary>
    public DateTimeOffset? RevokedAt { get; }

    /// <summary>The CRLReason: certificateHold for a hold, unspecified for a code the RFC does not define.</summary>
    public RevocationReason? Reason { get; }

    /// <summary>When the key is known or suspected to have been compromised, if the revoker said so.</summary>
    public DateTimeOffset? InvalidityDate { get; }

    /// <summary>
    /// From when the revocation counts against signatures: the invalidity date when it is earlier than
    /// the revocation (ETSI EN 319 102-1 5.5); null while good.
    /// </summary>
    public DateTimeOffset? EffectiveFrom =>
        IsGood ? null : InvalidityDate is { } invalid && invalid < RevokedAt ? invalid : RevokedAt;

    /// <summary>The state of an issued certificate (end entity, OCSP responder, TSA, e-seal) from its row.</summary>
    public static RevocationState Of(IssuedCertificateRecord certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);

        // An unheld certificate keeps the hold's time and reason on its row (for removeFromCRL): the status decides.
        return certificate.Status switch
        {
            CertificateStatus.Valid => Good,
            CertificateStatus.OnHold => new(false, true, certificate.RevokedAt ?? DateTimeOffset.MinValue, RevocationReason.CertificateHold, certificate.InvalidityDate),
            _ => new(false, false, certificate.RevokedAt ?? DateTimeOffset.MinValue, ReasonOf(certificate.RevocationReason), certificate.InvalidityDate),
        };
    }

    /// <summary>The state of a CA's certificate from the CA's row (a CA is revoked by its parent, never held).</summary>
    public static RevocationState Of(AuthorityRecord authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.Status == AuthorityStatus.Revoked
            ? new(false, false, authority.RevokedAt ?? DateTimeOffset.MinValue, ReasonOf(authority.RevocationReason), null)
            : Good;
    }

    private static RevocationReason ReasonOf(int? code) =>
        code is { } value && Enum.IsDefined((RevocationReason)value) ? (RevocationReason)value : RevocationReason.Unspecified;
}
