namespace Ca.Core.Acme.Eab;

/// <summary>
/// An external account binding credential (RFC 8555 7.3.4): a key id and an HMAC key handed to a
/// business out of band. Whoever proves the HMAC key creates an ACME account owned by
/// <see cref="Owner"/>. Used once; revoking it revokes the account it created.
/// </summary>
/// <param name="KeyId">The kid the client sends.</param>
/// <param name="Owner">The service account (business) that will own the ACME account.</param>
/// <param name="ProtectedHmacKey">The HMAC key wrapped by the key protector (never stored in clear).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="BoundAccountId">The ACME account created with it.</param>
/// <param name="BoundAt">When that happened.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record EabCredential(
    string KeyId,
    string Owner,
    byte[] ProtectedHmacKey,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? BoundAccountId = null,
    DateTimeOffset? BoundAt = null,
    DateTimeOffset? RevokedAt = null);
