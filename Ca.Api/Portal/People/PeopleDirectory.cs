using Ca.Core.Accounts;
using Ca.Core.Common;
using Ca.Core.People;
using Microsoft.AspNetCore.Identity;

namespace Ca.Api.Portal.People;

/// <summary>
/// Managing people: admins add them to organizations, set their roles, and reset a forgotten password
/// or a lost authenticator; the first admin is created with the bootstrap key. Nobody ever gets a
/// password from someone else: a new or reset person receives a one-time link and chooses their own.
/// Identity does the credential work; <see cref="PortalUserStore"/> audits every change.
/// </summary>
public sealed class PeopleDirectory(UserManager<PortalUser> users, IPersonStore people, AccountService accounts, TimeProvider clock)
{
    /// <summary>The outcome of an admin action that hands the person a one-time link to choose a password.</summary>
    public sealed record SetPasswordLink(PortalUser Person, string Token);

    /// <summary>Live people, of one organization or all.</summary>
    public Task<IReadOnlyList<Person>> ListAsync(string? organizationId, CancellationToken cancellationToken) => people.ListAsync(organizationId, cancellationToken);

    /// <summary>A live person by id.</summary>
    public async Task<PortalUser> GetAsync(string personId) =>
        await users.FindByIdAsync(personId) ?? throw CaException.NotFound("person-not-found", $"No person '{personId}'.");

    /// <summary>True until the first admin person exists (the first-run set-up is open only then).</summary>
    public async Task<bool> NeedsFirstAdminAsync(CancellationToken cancellationToken) => !await people.AnyWithRoleAsync(Roles.Admin, cancellationToken);

    /// <summary>Adds a person to an organization; they set their password through the returned link.</summary>
    public async Task<SetPasswordLink> CreateAsync(string organizationId, string userName, string displayName, IReadOnlyList<string> roles, CallerContext admin, CancellationToken cancellationToken)
    {
        RequireAdmin(admin);
        var user = await NewPersonAsync(organizationId, userName, displayName, roles, cancellationToken);
        Check(await users.CreateAsync(user), "userName");
        return new SetPasswordLink(user, await users.GeneratePasswordResetTokenAsync(user));
    }

    /// <summary>
    /// The first admin person, created with the bootstrap admin's API key (from the key file written
    /// on first start): proves control of the installation without any default password.
    /// </summary>
    public async Task<PortalUser> CreateFirstAdminAsync(string bootstrapKey, string userName, string displayName, string password, CancellationToken cancellationToken)
    {
        if (!await NeedsFirstAdminAsync(cancellationToken))
        {
            throw CaException.Conflict("setup-done", "An admin person already exists; the first-run set-up is closed.");
        }

        var account = await accounts.AuthenticateAsync(bootstrapKey.Trim(), cancellationToken);
        if (account is null || !account.Roles.Contains(Roles.Admin))
        {
            throw CaException.Forbidden("setup-key-invalid", "This is not an admin API key of this installation.");
        }

        var user = await NewPersonAsync(account.Id, userName, displayName, [Roles.Admin], cancellationToken);
        Check(await users.CreateAsync(user, password), "password");
        return user;
    }

    /// <summary>Replaces a person's roles; their sessions are re-checked within a minute.</summary>
    public async Task SetRolesAsync(string personId, IReadOnlyList<string> roles, CallerContext admin)
    {
        RequireAdmin(admin);
        ValidateRoles(roles);
        var user = await GetAsync(personId);
        PortalUserStore.Assign(user, p => p with { Roles = roles.Distinct().ToList() });
        Check(await users.UpdateSecurityStampAsync(user), "roles");
    }

    /// <summary>Clears the password (it stops working at once) and returns a one-time link to choose a new one.</summary>
    public async Task<SetPasswordLink> ResetPasswordAsync(string personId, CallerContext admin)
    {
        RequireAdmin(admin);
        var user = await GetAsync(personId);
        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user), "password");
        }

        await users.SetLockoutEndDateAsync(user, null);
        return new SetPasswordLink(user, await users.GeneratePasswordResetTokenAsync(user));
    }

    /// <summary>Removes the authenticator: the person enrols a new one at their next sign-in, and until then has no privileged role.</summary>
    public async Task ResetSecondFactorAsync(string personId, CallerContext admin)
    {
        RequireAdmin(admin);
        var user = await GetAsync(personId);
        Check(await users.SetTwoFactorEnabledAsync(user, false), "twoFactor");
        Check(await users.ResetAuthenticatorKeyAsync(user), "twoFactor");
    }

    /// <summary>Removes a person; their history stays.</summary>
    public async Task DeleteAsync(string personId, CallerContext admin)
    {
        RequireAdmin(admin);
        if (string.Equals(personId, admin.ActorId, StringComparison.Ordinal))
        {
            throw CaException.Conflict("cannot-delete-self", "An admin cannot remove themselves.");
        }

        Check(await users.DeleteAsync(await GetAsync(personId)), "person");
    }

    private async Task<PortalUser> NewPersonAsync(string organizationId, string userName, string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var organization = await accounts.GetAsync(organizationId, cancellationToken);
        ValidateRoles(roles);
        var name = userName.Trim();
        if (name.Length is < 3 or > 64)
        {
            throw CaException.BadRequest("invalid-user-name", "A user name has 3 to 64 characters.", "userName");
        }

        var display = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim();
        if (display.Length > 200)
        {
            throw CaException.BadRequest("invalid-name", "A name has at most 200 characters.", "displayName");
        }

        return new PortalUser(new Person
        {
            Id = "per_" + Guid.NewGuid().ToString("N")[..20],
            OrganizationId = organization.Id,
            UserName = name,
            NormalizedUserName = users.NormalizeName(name),
            DisplayName = display,
            Roles = roles.Distinct().ToList(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = clock.GetUtcNow(),
        });
    }

    private static void ValidateRoles(IReadOnlyList<string> roles)
    {
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            throw CaException.BadRequest("invalid-roles", $"Choose at least one of {string.Join(", ", Roles.All)}.", "roles");
        }
    }

    private static void RequireAdmin(CallerContext caller)
    {
        if (!caller.IsInRole(Roles.Admin))
        {
            throw CaException.Forbidden("admin-only", "Only an admin may manage people.");
        }
    }

    /// <summary>Identity's refusals (weak password, taken user name, stale token) become a Core refusal on the field.</summary>
    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            var first = result.Errors.First();
            throw CaException.BadRequest("identity-" + ToKebab(first.Code), first.Description, field);
        }
    }

    private static string ToKebab(string code) =>
        string.Concat(code.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
