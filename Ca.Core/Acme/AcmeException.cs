namespace Ca.Core.Acme;

/// <summary>
/// An ACME protocol refusal (RFC 8555 6.7): a <c>urn:ietf:params:acme:error:*</c> type, the HTTP status
/// that goes with it, a detail a person can act on, and optional per-identifier subproblems.
/// </summary>
public sealed class AcmeException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public AcmeException(string type, string detail, int status = 400, IReadOnlyList<AcmeSubproblem>? subproblems = null, Exception? inner = null)
        : base(detail, inner)
    {
        Type = type;
        Status = status;
        Subproblems = subproblems ?? [];
    }

    /// <summary>The short error name, e.g. <c>badNonce</c>; the wire type is <see cref="AcmeErrors.Prefix"/> + this.</summary>
    public string Type { get; }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>Per-identifier problems (RFC 8555 6.7.1).</summary>
    public IReadOnlyList<AcmeSubproblem> Subproblems { get; }

    /// <summary>Seconds the client should wait before retrying (rateLimited), if any.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>For a key roll-over to a key in use (409): the account that holds it, for the Location header.</summary>
    public string? ConflictingAccountId { get; init; }

    /// <summary>The problem as stored on an order, authorization or challenge.</summary>
    public AcmeError ToError() => new(Type, Message, Status);

    /// <summary>malformed (400).</summary>
    public static AcmeException Malformed(string detail) => new(AcmeErrors.Malformed, detail);

    /// <summary>unauthorized (403).</summary>
    public static AcmeException Unauthorized(string detail) => new(AcmeErrors.Unauthorized, detail, 403);

    /// <summary>A resource that does not exist or that this account may not see (404, malformed).</summary>
    public static AcmeException NotFound(string what) => new(AcmeErrors.Malformed, $"{what} does not exist.", 404);
}

/// <summary>A problem attached to one identifier of a request.</summary>
/// <param name="Type">Short error name.</param>
/// <param name="Detail">Explanation.</param>
/// <param name="Identifier">The identifier it concerns.</param>
public sealed record AcmeSubproblem(string Type, string Detail, AcmeIdentifier Identifier);

/// <summary>A stored error (on a challenge, authorization or order).</summary>
/// <param name="Type">Short error name.</param>
/// <param name="Detail">Explanation.</param>
/// <param name="Status">HTTP status it would carry.</param>
public sealed record AcmeError(string Type, string Detail, int Status = 400);

/// <summary>The RFC 8555 6.7 error names (plus RFC 9773's none needed) used here.</summary>
public static class AcmeErrors
{
    /// <summary>Prefix of every ACME problem type.</summary>
    public const string Prefix = "urn:ietf:params:acme:error:";

    /// <summary>Account does not exist (onlyReturnExisting).</summary>
    public const string AccountDoesNotExist = "accountDoesNotExist";

    /// <summary>Certificate already revoked.</summary>
    public const string AlreadyRevoked = "alreadyRevoked";

    /// <summary>The CSR is unacceptable.</summary>
    public const string BadCsr = "badCSR";

    /// <summary>Unacceptable anti-replay nonce.</summary>
    public const string BadNonce = "badNonce";

    /// <summary>The JWS was signed by a public key the server does not support.</summary>
    public const string BadPublicKey = "badPublicKey";

    /// <summary>The revocation reason is not allowed.</summary>
    public const string BadRevocationReason = "badRevocationReason";

    /// <summary>The JWS was signed with an algorithm the server does not support.</summary>
    public const string BadSignatureAlgorithm = "badSignatureAlgorithm";

    /// <summary>Could not connect to the validation target.</summary>
    public const string Connection = "connection";

    /// <summary>DNS query failed during validation.</summary>
    public const string Dns = "dns";

    /// <summary>The request must include a value for externalAccountBinding.</summary>
    public const string ExternalAccountRequired = "externalAccountRequired";

    /// <summary>Response received didn't match the challenge's requirements.</summary>
    public const string IncorrectResponse = "incorrectResponse";

    /// <summary>A contact URL is invalid.</summary>
    public const string InvalidContact = "invalidContact";

    /// <summary>The request message was malformed.</summary>
    public const string Malformed = "malformed";

    /// <summary>The request attempted to finalize an order that is not ready.</summary>
    public const string OrderNotReady = "orderNotReady";

    /// <summary>The request exceeds a rate limit.</summary>
    public const string RateLimited = "rateLimited";

    /// <summary>The server will not issue certificates for the identifier.</summary>
    public const string RejectedIdentifier = "rejectedIdentifier";

    /// <summary>The server experienced an internal error.</summary>
    public const string ServerInternal = "serverInternal";

    /// <summary>The server received a TLS error during validation.</summary>
    public const string Tls = "tls";

    /// <summary>The client lacks sufficient authorization.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A contact URL is of an unsupported type.</summary>
    public const string UnsupportedContact = "unsupportedContact";

    /// <summary>An identifier is of an unsupported type.</summary>
    public const string UnsupportedIdentifier = "unsupportedIdentifier";

    /// <summary>Visit the instance URL and take actions specified there.</summary>
    public const string UserActionRequired = "userActionRequired";
}
