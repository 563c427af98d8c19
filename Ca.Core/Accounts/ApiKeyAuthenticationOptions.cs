namespace Ca.Core.Accounts;

/// <summary>API-key authentication settings (<c>Pki:Authentication</c>).</summary>
public sealed class ApiKeyAuthenticationOptions
{
    /// <summary>
    /// How long a successfully authenticated key is trusted without asking the database again. Keys
    /// revoked or accounts deleted through this instance stop working at once; another instance may
    /// accept a revoked key for at most this long. Zero disables the cache.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
