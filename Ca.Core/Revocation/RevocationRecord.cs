using Ca.Core.Common;

namespace Ca.Core.Revocation;

/// <summary>
/// The planner's view of one revoked (or once-held) certificate: just enough to decide whether and how
/// it is listed, so the planner never needs the certificate itself.
/// </summary>
/// <param name="SerialNumber">The certificate's serial.</param>
/// <param name="RevokedAt">When it was revoked or put on hold.</param>
/// <param name="Reason">The current reason (a hold made permanent carries the new reason).</param>
/// <param name="NotAfter">The certificate's expiry; entries are dropped a grace period after it.</param>
/// <param name="InvalidityDate">Suspected compromise time, copied to the entry.</param>
/// <param name="UnheldAt">When a certificateHold was lifted; the certificate is valid again from then.</param>
/// <param name="ChangedAt">When the record last changed after <paramref name="RevokedAt"/> (e.g. a hold made permanent); null when it has not.</param>
public sealed record RevocationRecord(
    SerialNumber SerialNumber,
    DateTimeOffset RevokedAt,
    RevocationReason Reason,
    DateTimeOffset NotAfter,
    DateTimeOffset? InvalidityDate = null,
    DateTimeOffset? UnheldAt = null,
    DateTimeOffset? ChangedAt = null);
