using Ca.Core.Audit;
using Ca.Core.Issuance;

namespace Ca.Core.Keys;

/// <summary>Persistence port for service keys (OCSP responders, TSA, e-seals).</summary>
public interface IServiceKeyStore
{
    /// <summary>Keys of a purpose, optionally of one CA; active ones only unless asked.</summary>
    Task<IReadOnlyList<ServiceKeyRecord>> ListAsync(ServiceKeyPurpose purpose, string? caId, bool includeInactive, CancellationToken cancellationToken);

    /// <summary>One key by id.</summary>
    Task<ServiceKeyRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new key with its certificate (also recorded as an issued certificate, so it can be
    /// revoked and looked up like any other), deactivating <paramref name="supersedes"/> in the same transaction.
    /// </summary>
    Task AddAsync(ServiceKeyRecord key, IssuedCertificateRecord certificate, string? supersedes, AuditEvent audit, CancellationToken cancellationToken);
}
