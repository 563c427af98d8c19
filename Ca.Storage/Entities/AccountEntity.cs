namespace Ca.Storage.Entities;

/// <summary>Row for an API account.</summary>
public sealed class AccountEntity
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Roles { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}

/// <summary>Row for an API key: the SHA-256 of the secret, never the secret.</summary>
public sealed class ApiKeyEntity
{
    public Guid Id { get; set; }
    public string AccountId { get; set; } = string.Empty;
    public string Hash { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
