namespace Ca.Core.Accounts;

/// <summary>A party that calls the API: a business, a person's portal, an officer, an auditor.</summary>
/// <param name="Id">Stable id (also the actor id in audit records and the owner of certificates).</param>
/// <param name="Name">Display name.</param>
/// <param name="Roles">Roles from <see cref="Common.Roles"/>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="DeletedAt">When it was deleted; deleted accounts keep their history but cannot authenticate.</param>
public sealed record Account(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt = null);

/// <summary>An API key as stored: only a hash of the secret.</summary>
/// <param name="Id">Key id (shown in listings, used to revoke).</param>
/// <param name="AccountId">Owner.</param>
/// <param name="Hash">SHA-256 of the secret, hex.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record ApiKeyRecord(Guid Id, string AccountId, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt = null);
