namespace Ca.Core.Acme;

/// <summary>The states of an order (RFC 8555 7.1.6); <see cref="Ready"/> is derived from its authorizations.</summary>
public enum AcmeOrderStatus
{
    /// <summary>Waiting for authorizations.</summary>
    Pending,

    /// <summary>All authorizations valid; may be finalized.</summary>
    Ready,

    /// <summary>Issuance under way.</summary>
    Processing,

    /// <summary>Certificate issued.</summary>
    Valid,

    /// <summary>Failed, expired, or an authorization failed.</summary>
    Invalid,
}

/// <summary>An order for one certificate.</summary>
/// <param name="Id">Random id.</param>
/// <param name="AccountId">The ACME account that placed it.</param>
/// <param name="Status">Stored state (pending, processing, valid, invalid); ready is derived.</param>
/// <param name="Expires">When it expires if not finalized.</param>
/// <param name="Identifiers">What the certificate will name.</param>
/// <param name="AuthorizationIds">One authorization per identifier (same order).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CertificateSerial">Serial (hex) of the issued certificate.</param>
/// <param name="CertificateIssuerId">Issuing CA of the certificate.</param>
/// <param name="Error">Why it is invalid.</param>
/// <param name="Replaces">RFC 9773 ARI certificate id of the certificate it replaces.</param>
public sealed record AcmeOrder(
    string Id,
    string AccountId,
    AcmeOrderStatus Status,
    DateTimeOffset Expires,
    IReadOnlyList<AcmeIdentifier> Identifiers,
    IReadOnlyList<string> AuthorizationIds,
    DateTimeOffset CreatedAt,
    string? CertificateSerial = null,
    string? CertificateIssuerId = null,
    AcmeError? Error = null,
    string? Replaces = null);
