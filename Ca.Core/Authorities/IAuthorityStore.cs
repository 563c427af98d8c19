using Ca.Core.Audit;

namespace Ca.Core.Authorities;

/// <summary>Persistence port for CAs; implemented by Ca.Storage.</summary>
public interface IAuthorityStore
{
    /// <summary>All CAs, roots first.</summary>
    Task<IReadOnlyList<AuthorityRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One CA by id, or null.</summary>
    Task<AuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores a new CA together with its audit event, atomically.</summary>
    Task AddAsync(AuthorityRecord authority, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Marks a subordinate CA revoked (it stops issuing; its parent's CRL lists it), atomically with the audit event.</summary>
    Task RevokeAsync(string id, int reason, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken);
}
