using Ca.Api.Endpoints;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.People;
using Microsoft.AspNetCore.Identity;

namespace Ca.Api.Portal.People;

/// <summary>
/// ASP.NET Core Identity's user store over Core's <see cref="IPersonStore"/>. Identity does the
/// security work (PBKDF2 password hashing, lockout counting, security stamps, RFC 6238 codes); this
/// store only persists the result, and does it through the service's single writer so every change
/// lands in the same transaction as an audit record that says what changed (never a secret). That is
/// why it is not Identity's EF Core store: that one saves through its own DbContext, outside the
/// writer and without audit. The authenticator secret is encrypted under the key-encryption key.
/// </summary>
internal sealed class PortalUserStore(IPersonStore people, IKeyProtector keys, IHttpContextAccessor http, TimeProvider clock) :
    IUserPasswordStore<PortalUser>,
    IUserSecurityStampStore<PortalUser>,
    IUserLockoutStore<PortalUser>,
    IUserTwoFactorStore<PortalUser>,
    IUserAuthenticatorKeyStore<PortalUser>
{
    public void Dispose()
    {
    }

    public Task<string> GetUserIdAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Current.UserName);

    public Task SetUserNameAsync(PortalUser user, string? userName, CancellationToken cancellationToken) => Change(user, p => p with { UserName = userName ?? p.UserName });

    public Task<string?> GetNormalizedUserNameAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Current.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(PortalUser user, string? normalizedName, CancellationToken cancellationToken) => Change(user, p => p with { NormalizedUserName = normalizedName ?? p.NormalizedUserName });

    public async Task<IdentityResult> CreateAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var person = user.Current with { ConcurrencyStamp = Guid.NewGuid().ToString("N") };
        await people.AddAsync(person, [Event(AuditActions.PersonCreated, person, new { organization = person.OrganizationId, userName = person.UserName, roles = person.Roles })], cancellationToken);
        user.Loaded = user.Current = person;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var before = user.Loaded;
        var after = user.Current with { ConcurrencyStamp = Guid.NewGuid().ToString("N") };
        if (!await people.UpdateAsync(after, before.ConcurrencyStamp, PersonChanges.Describe(before, after, clock.GetUtcNow(), Caller()), cancellationToken))
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        }

        user.Loaded = user.Current = after;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(PortalUser user, CancellationToken cancellationToken)
    {
        user.Current = user.Current with { DeletedAt = clock.GetUtcNow(), SecurityStamp = Guid.NewGuid().ToString("N") };
        return await UpdateAsync(user, cancellationToken);
    }

    public async Task<PortalUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        await people.FindAsync(userId, cancellationToken) is { DeletedAt: null } person ? new PortalUser(person) : null;

    public async Task<PortalUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        await people.FindByNormalizedUserNameAsync(normalizedUserName, cancellationToken) is { } person ? new PortalUser(person) : null;

    public Task SetPasswordHashAsync(PortalUser user, string? passwordHash, CancellationToken cancellationToken) => Change(user, p => p with { PasswordHash = passwordHash });

    public Task<string?> GetPasswordHashAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Current.PasswordHash);

    public Task<bool> HasPasswordAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Current.PasswordHash is not null);

    public Task SetSecurityStampAsync(PortalUser user, string stamp, CancellationToken cancellationToken) => Change(user, p => p with { SecurityStamp = stamp });

    public Task<string?> GetSecurityStampAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Current.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Current.LockoutEnd);

    public Task SetLockoutEndDateAsync(PortalUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) => Change(user, p => p with { LockoutEnd = lockoutEnd });

    public Task<int> IncrementAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken)
    {
        user.Current = user.Current with { AccessFailedCount = user.Current.AccessFailedCount + 1 };
        return Task.FromResult(user.Current.AccessFailedCount);
    }

    public Task ResetAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken) => Change(user, p => p with { AccessFailedCount = 0 });

    public Task<int> GetAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Current.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Current.LockoutEnabled);

    public Task SetLockoutEnabledAsync(PortalUser user, bool enabled, CancellationToken cancellationToken) => Change(user, p => p with { LockoutEnabled = enabled });

    public Task SetTwoFactorEnabledAsync(PortalUser user, bool enabled, CancellationToken cancellationToken) => Change(user, p => p with { TwoFactorEnabled = enabled });

    public Task<bool> GetTwoFactorEnabledAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Current.TwoFactorEnabled);

    public Task SetAuthenticatorKeyAsync(PortalUser user, string key, CancellationToken cancellationToken) =>
        Change(user, p => p with { ProtectedAuthenticatorKey = keys.Protect(System.Text.Encoding.UTF8.GetBytes(key), KeyOwner(p.Id)) });

    public Task<string?> GetAuthenticatorKeyAsync(PortalUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.Current.ProtectedAuthenticatorKey is { } sealedKey
            ? System.Text.Encoding.UTF8.GetString(keys.Unprotect(sealedKey, KeyOwner(user.Id)))
            : null);

    /// <summary>Roles and the organization are set by admins through <see cref="PeopleDirectory"/>, not by Identity.</summary>
    internal static void Assign(PortalUser user, Func<Person, Person> change) => user.Current = change(user.Current);

    private static string KeyOwner(string personId) => "person-totp:" + personId;

    private static Task Change(PortalUser user, Func<Person, Person> change)
    {
        user.Current = change(user.Current);
        return Task.CompletedTask;
    }

    private CallerContext Caller() =>
        http.HttpContext is { } context ? HttpCaller.From(context) : CallerContext.System("portal");

    private AuditEvent Event(string action, Person person, object details) =>
        AuditEvent.Succeeded(clock.GetUtcNow(), action, person.Id, Caller(), details);
}
