using Ca.Core.Audit;

namespace Ca.Core.Issuance;

/// <summary>
/// Persistence port for requests and certificates. Every write takes its audit events and commits
/// them with the change, in one transaction; a write that returns has been made durable.
/// </summary>
public interface IIssuanceStore
{
    /// <summary>Stores a new or decided request together with the certificate issued for it.</summary>
    /// <exception cref="SerialNumberCollisionException">The issuer already has a certificate with this serial.</exception>
    Task SaveIssuedAsync(CertificateRequestRecord request, IssuedCertificateRecord certificate, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a request submitted and auto-approved in this same call, with its certificate. The
    /// request has never been stored, so a store may insert it without first looking it up (the
    /// issuance hot path); the default does exactly what <see cref="SaveIssuedAsync"/> does.
    /// </summary>
    /// <exception cref="SerialNumberCollisionException">The issuer already has a certificate with this serial.</exception>
    Task SaveNewIssuedAsync(CertificateRequestRecord request, IssuedCertificateRecord certificate, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        SaveIssuedAsync(request, certificate, audit, cancellationToken);

    /// <summary>Stores a request without a certificate (pending, rejected, expired).</summary>
    Task SaveRequestAsync(CertificateRequestRecord request, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>A request by id.</summary>
    Task<CertificateRequestRecord?> FindRequestAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Requests, newest first, optionally by status and requester.</summary>
    Task<PagedResult<CertificateRequestRecord>> QueryRequestsAsync(RequestStatus? status, string? requester, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Pending requests submitted before the cutoff (oldest first, at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<CertificateRequestRecord>> ListPendingSubmittedBeforeAsync(DateTimeOffset cutoff, int max, CancellationToken cancellationToken);

    /// <summary>A certificate by serial; the issuer narrows it when serials could collide across CAs.</summary>
    Task<IssuedCertificateRecord?> FindCertificateAsync(string serialHex, string? issuerId, CancellationToken cancellationToken);

    /// <summary>Certificates matching the query, newest first.</summary>
    Task<PagedResult<IssuedCertificateRecord>> QueryCertificatesAsync(CertificateQuery query, CancellationToken cancellationToken);
}

/// <summary>Raised by a store when (issuer, serial) already exists; the issuer retries with a new serial.</summary>
public sealed class SerialNumberCollisionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SerialNumberCollisionException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
