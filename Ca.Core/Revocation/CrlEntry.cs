using Ca.Core.Common;

namespace Ca.Core.Revocation;

/// <summary>One revokedCertificates entry, already decided on by <see cref="CrlContents"/>; the builder writes it as-is.</summary>
/// <param name="SerialNumber">The revoked certificate's serial.</param>
/// <param name="RevokedAt">revocationDate.</param>
/// <param name="Reason">reasonCode; <see cref="RevocationReason.Unspecified"/> writes no extension.</param>
/// <param name="InvalidityDate">When the key is known or suspected to have been compromised, if known.</param>
public sealed record CrlEntry(
    SerialNumber SerialNumber,
    DateTimeOffset RevokedAt,
    RevocationReason Reason,
    DateTimeOffset? InvalidityDate = null);
