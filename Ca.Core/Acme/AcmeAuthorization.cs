namespace Ca.Core.Acme;

/// <summary>The states of an authorization (RFC 8555 7.1.6).</summary>
public enum AcmeAuthorizationStatus
{
    /// <summary>Waiting for a challenge.</summary>
    Pending,

    /// <summary>A challenge succeeded.</summary>
    Valid,

    /// <summary>A challenge failed.</summary>
    Invalid,

    /// <summary>Deactivated by the account.</summary>
    Deactivated,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>Revoked by the CA.</summary>
    Revoked,
}

/// <summary>The states of a challenge.</summary>
public enum AcmeChallengeStatus
{
    /// <summary>Not yet answered.</summary>
    Pending,

    /// <summary>Validation under way.</summary>
    Processing,

    /// <summary>Validated.</summary>
    Valid,

    /// <summary>Validation failed.</summary>
    Invalid,
}

/// <summary>Proof of control over one identifier by one account.</summary>
/// <param name="Id">Random id.</param>
/// <param name="AccountId">The account that holds it.</param>
/// <param name="Identifier">The identifier (a wildcard order's base domain).</param>
/// <param name="Wildcard">True when created for a wildcard name (only dns-01 then).</param>
/// <param name="Status">State.</param>
/// <param name="Expires">Pending: when it lapses; valid: how long it may be reused.</param>
/// <param name="Challenges">The ways offered to prove control.</param>
public sealed record AcmeAuthorization(
    string Id,
    string AccountId,
    AcmeIdentifier Identifier,
    bool Wildcard,
    AcmeAuthorizationStatus Status,
    DateTimeOffset Expires,
    IReadOnlyList<AcmeChallenge> Challenges)
{
    /// <summary>The status as the client sees it at <paramref name="now"/> (pending and valid ones expire).</summary>
    public AcmeAuthorizationStatus StatusAt(DateTimeOffset now) =>
        Status is AcmeAuthorizationStatus.Pending or AcmeAuthorizationStatus.Valid && Expires <= now ? AcmeAuthorizationStatus.Expired : Status;
}

/// <summary>One challenge of an authorization.</summary>
/// <param name="Type">http-01, dns-01 or tls-alpn-01.</param>
/// <param name="Token">Random token (base64url, 256 bits).</param>
/// <param name="Status">State.</param>
/// <param name="Validated">When it was validated.</param>
/// <param name="Error">Why it failed.</param>
public sealed record AcmeChallenge(string Type, string Token, AcmeChallengeStatus Status, DateTimeOffset? Validated = null, AcmeError? Error = null);

/// <summary>The challenge types offered.</summary>
public static class AcmeChallengeTypes
{
    /// <summary>RFC 8555 8.3.</summary>
    public const string Http01 = "http-01";

    /// <summary>RFC 8555 8.4.</summary>
    public const string Dns01 = "dns-01";

    /// <summary>RFC 8737.</summary>
    public const string TlsAlpn01 = "tls-alpn-01";
}
