namespace Ca.Core.Acme;

/// <summary>The states of an ACME account (RFC 8555 7.1.6).</summary>
public enum AcmeAccountStatus
{
    /// <summary>Usable.</summary>
    Valid,

    /// <summary>Deactivated by its holder; final.</summary>
    Deactivated,

    /// <summary>Revoked by the CA (e.g. its EAB credential was revoked); final.</summary>
    Revoked,
}

/// <summary>
/// An ACME account: a key pair, bound through external account binding to the service account
/// (the business) that owns every certificate it obtains.
/// </summary>
/// <param name="Id">Random id; the account URL ends with it.</param>
/// <param name="KeyThumbprint">RFC 7638 thumbprint of the current key (unique).</param>
/// <param name="Jwk">The key as canonical JWK JSON.</param>
/// <param name="Status">Account state.</param>
/// <param name="Contact">mailto: URLs.</param>
/// <param name="Owner">The service account (business) the EAB credential belongs to; owner of the certificates.</param>
/// <param name="EabKeyId">The EAB credential used to create it, if any.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record AcmeAccount(
    string Id,
    string KeyThumbprint,
    string Jwk,
    AcmeAccountStatus Status,
    IReadOnlyList<string> Contact,
    string Owner,
    string? EabKeyId,
    DateTimeOffset CreatedAt);
