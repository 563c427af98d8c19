using System.Text.Json;
using Ca.Core.Acme;
using Ca.Core.Acme.Eab;
using Ca.Storage.Entities;

namespace Ca.Storage.Stores;

/// <summary>Between ACME records and rows; lists and errors are JSON columns.</summary>
internal static class AcmeMapping
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static AcmeAccountEntity ToEntity(AcmeAccount a) => new()
    {
        Id = a.Id,
        KeyThumbprint = a.KeyThumbprint,
        Jwk = a.Jwk,
        Status = a.Status.ToString(),
        Contact = JsonSerializer.Serialize(a.Contact, Json),
        Owner = a.Owner,
        EabKeyId = a.EabKeyId,
        CreatedAt = a.CreatedAt.UtcDateTime,
    };

    public static void CopyTo(AcmeAccount a, AcmeAccountEntity e)
    {
        e.KeyThumbprint = a.KeyThumbprint;
        e.Jwk = a.Jwk;
        e.Status = a.Status.ToString();
        e.Contact = JsonSerializer.Serialize(a.Contact, Json);
    }

    public static AcmeAccount ToRecord(AcmeAccountEntity e) => new(
        e.Id, e.KeyThumbprint, e.Jwk, Enum.Parse<AcmeAccountStatus>(e.Status), JsonSerializer.Deserialize<List<string>>(e.Contact, Json) ?? [],
        e.Owner, e.EabKeyId, StoredTime.Utc(e.CreatedAt));

    public static AcmeOrderEntity ToEntity(AcmeOrder o)
    {
        var e = new AcmeOrderEntity { Id = o.Id, AccountId = o.AccountId, CreatedAt = o.CreatedAt.UtcDateTime };
        CopyTo(o, e);
        return e;
    }

    public static void CopyTo(AcmeOrder o, AcmeOrderEntity e)
    {
        e.Status = o.Status.ToString();
        e.Expires = o.Expires.UtcDateTime;
        e.Identifiers = JsonSerializer.Serialize(o.Identifiers, Json);
        e.AuthorizationIds = JsonSerializer.Serialize(o.AuthorizationIds, Json);
        e.CertificateSerial = o.CertificateSerial;
        e.CertificateIssuerId = o.CertificateIssuerId;
        e.Error = o.Error is null ? null : JsonSerializer.Serialize(o.Error, Json);
        e.Replaces = o.Replaces;
    }

    public static AcmeOrder ToRecord(AcmeOrderEntity e) => new(
        e.Id, e.AccountId, Enum.Parse<AcmeOrderStatus>(e.Status), StoredTime.Utc(e.Expires),
        JsonSerializer.Deserialize<List<AcmeIdentifier>>(e.Identifiers, Json) ?? [],
        JsonSerializer.Deserialize<List<string>>(e.AuthorizationIds, Json) ?? [],
        StoredTime.Utc(e.CreatedAt), e.CertificateSerial, e.CertificateIssuerId,
        e.Error is null ? null : JsonSerializer.Deserialize<AcmeError>(e.Error, Json), e.Replaces);

    public static AcmeAuthorizationEntity ToEntity(AcmeAuthorization a)
    {
        var e = new AcmeAuthorizationEntity { Id = a.Id, AccountId = a.AccountId, IdentifierType = a.Identifier.Type, IdentifierValue = a.Identifier.Value, Wildcard = a.Wildcard };
        CopyTo(a, e);
        return e;
    }

    public static void CopyTo(AcmeAuthorization a, AcmeAuthorizationEntity e)
    {
        e.Status = a.Status.ToString();
        e.Expires = a.Expires.UtcDateTime;
        e.Challenges = JsonSerializer.Serialize(a.Challenges, Json);
        e.Processing = a.Challenges.Any(c => c.Status == AcmeChallengeStatus.Processing);
    }

    public static AcmeAuthorization ToRecord(AcmeAuthorizationEntity e) => new(
        e.Id, e.AccountId, new AcmeIdentifier(e.IdentifierType, e.IdentifierValue), e.Wildcard, Enum.Parse<AcmeAuthorizationStatus>(e.Status),
        StoredTime.Utc(e.Expires), JsonSerializer.Deserialize<List<AcmeChallenge>>(e.Challenges, Json) ?? []);

    public static AcmeEabCredentialEntity ToEntity(EabCredential c) => new()
    {
        KeyId = c.KeyId,
        Owner = c.Owner,
        ProtectedHmacKey = c.ProtectedHmacKey,
        CreatedAt = c.CreatedAt.UtcDateTime,
        CreatedBy = c.CreatedBy,
        BoundAccountId = c.BoundAccountId,
        BoundAt = c.BoundAt?.UtcDateTime,
        RevokedAt = c.RevokedAt?.UtcDateTime,
    };

    public static EabCredential ToRecord(AcmeEabCredentialEntity e) => new(
        e.KeyId, e.Owner, e.ProtectedHmacKey, StoredTime.Utc(e.CreatedAt), e.CreatedBy, e.BoundAccountId,
        e.BoundAt is { } b ? StoredTime.Utc(b) : null, e.RevokedAt is { } r ? StoredTime.Utc(r) : null);
}
