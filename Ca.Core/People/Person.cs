namespace Ca.Core.People;

/// <summary>
/// A person who signs in to the portal. A person belongs to one organization (an
/// <see cref="Accounts.Account"/>): everyone in it sees the organization's requests, certificates and
/// signers, while roles and the four-eyes rule are per person. The credential fields are opaque here:
/// the password hash and lockout state are produced by ASP.NET Core Identity at the edge, and the
/// authenticator (TOTP) secret is stored encrypted under the key-encryption key.
/// </summary>
public sealed record Person
{
    /// <summary>Stable id (<c>per_...</c>), the actor in audit records.</summary>
    public required string Id { get; init; }

    /// <summary>The organization (account id) the person acts for.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The name typed at sign-in.</summary>
    public required string UserName { get; init; }

    /// <summary>Upper-cased user name for case-insensitive lookup.</summary>
    public required string NormalizedUserName { get; init; }

    /// <summary>The name shown to others.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Roles from <see cref="Common.Roles"/>.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Password hash (Identity's format); null until the person sets one.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Changes whenever credentials change, ending other sessions.</summary>
    public string SecurityStamp { get; init; } = string.Empty;

    /// <summary>Optimistic concurrency token.</summary>
    public string ConcurrencyStamp { get; init; } = string.Empty;

    /// <summary>Locked out until then.</summary>
    public DateTimeOffset? LockoutEnd { get; init; }

    /// <summary>Whether failed sign-ins can lock the person out.</summary>
    public bool LockoutEnabled { get; init; } = true;

    /// <summary>Consecutive failed sign-ins.</summary>
    public int AccessFailedCount { get; init; }

    /// <summary>True once an authenticator app is enrolled and confirmed.</summary>
    public bool TwoFactorEnabled { get; init; }

    /// <summary>The TOTP secret, encrypted; null when none is enrolled.</summary>
    public byte[]? ProtectedAuthenticatorKey { get; init; }

    /// <summary>When the person was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the person was removed; removed people keep their history but cannot sign in.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
}
