using Ca.Core.Audit;
using Ca.Core.Issuance;

namespace Ca.Core.Revocation;

/// <summary>Persistence port for revocation state and published CRLs.</summary>
public interface IRevocationStore
{
    /// <summary>
    /// Changes a certificate's revocation state if (and only if) it is still in the expected state,
    /// together with its audit event; throws a 409 <see cref="Common.CaException"/> when someone changed it first.
    /// </summary>
    Task ChangeStatusAsync(RevocationChange change, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Every certificate of the CA that is or was revoked or held (for CRL planning); for a root, its revoked subordinate CAs too.</summary>
    Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(string caId, CancellationToken cancellationToken);

    /// <summary>The highest CRL number used by the CA (0 when none).</summary>
    Task<long> LastCrlNumberAsync(string caId, CancellationToken cancellationToken);

    /// <summary>The newest complete or delta CRL of the CA.</summary>
    Task<StoredCrl?> LatestCrlAsync(string caId, bool delta, CancellationToken cancellationToken);

    /// <summary>Stores a published CRL; throws <see cref="CrlNumberConflictException"/> when the number is taken (another instance won).</summary>
    Task SaveCrlAsync(StoredCrl crl, AuditEvent audit, CancellationToken cancellationToken);
}

/// <summary>One revocation state transition.</summary>
/// <param name="IssuerId">The CA.</param>
/// <param name="SerialNumber">The certificate (canonical hex).</param>
/// <param name="Expected">The state it must still be in.</param>
/// <param name="Next">The new state.</param>
/// <param name="Reason">CRLReason code for the new state (null when valid again).</param>
/// <param name="RevokedAt">Revocation time (kept from the hold when a hold becomes permanent).</param>
/// <param name="InvalidityDate">Suspected compromise time.</param>
/// <param name="UnheldAt">When a hold was lifted.</param>
/// <param name="ChangedAt">When this change happened.</param>
public sealed record RevocationChange(
    string IssuerId,
    string SerialNumber,
    CertificateStatus Expected,
    CertificateStatus Next,
    int? Reason,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? InvalidityDate,
    DateTimeOffset? UnheldAt,
    DateTimeOffset ChangedAt);

/// <summary>Another publisher took this CRL number first; the loser renumbers and retries.</summary>
public sealed class CrlNumberConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CrlNumberConflictException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
