namespace Ca.Storage.Entities;

/// <summary>Row for an ACME account: its key (canonical JWK and RFC 7638 thumbprint) and owning business.</summary>
public sealed class AcmeAccountEntity
{
    public string Id { get; set; } = string.Empty;
    public string KeyThumbprint { get; set; } = string.Empty;
    public string Jwk { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public string Contact { get; set; } = "[]";
    public string Owner { get; set; } = string.Empty;
    public string? EabKeyId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Row for an ACME order; identifiers, authorization ids and error as JSON.</summary>
public sealed class AcmeOrderEntity
{
    public string Id { get; set; } = string.Empty;
    public string AccountId { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public DateTime Expires { get; set; }
    public string Identifiers { get; set; } = "[]";
    public string AuthorizationIds { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public string? CertificateSerial { get; set; }
    public string? CertificateIssuerId { get; set; }
    public string? Error { get; set; }
    public string? Replaces { get; set; }
}

/// <summary>Row for an ACME authorization with its challenges as JSON.</summary>
public sealed class AcmeAuthorizationEntity
{
    public string Id { get; set; } = string.Empty;
    public string AccountId { get; set; } = string.Empty;
    public string IdentifierType { get; set; } = string.Empty;
    public string IdentifierValue { get; set; } = string.Empty;
    public bool Wildcard { get; set; }
    public string Status { get; set; } = string.Empty;
    public DateTime Expires { get; set; }
    public string Challenges { get; set; } = "[]";

    /// <summary>True while a challenge is being validated (found again after a restart).</summary>
    public bool Processing { get; set; }
}

/// <summary>Row for an EAB credential: the HMAC key only as the key protector wrapped it.</summary>
public sealed class AcmeEabCredentialEntity
{
    public string KeyId { get; set; } = string.Empty;
    public string Owner { get; set; } = string.Empty;
    public byte[] ProtectedHmacKey { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public string? BoundAccountId { get; set; }
    public DateTime? BoundAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// Row for an outstanding replay nonce (RFC 8555 6.5): shared by every instance, deleted when redeemed.
/// The 16 random bytes rather than their base64url text, so every provider compares them exactly (SQL
/// Server's default collation would not tell "a" from "A"). Nonces are not state changes of the CA and
/// are never audited.
/// </summary>
public sealed class AcmeNonceEntity
{
    public byte[] Value { get; set; } = [];
    public DateTime Expires { get; set; }
}
