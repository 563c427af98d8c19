using System.Security.Claims;
using Ca.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal.People;

/// <summary>
/// The claims of a portal session. Officer, auditor and admin roles are granted only to a person with
/// an enrolled authenticator: until then the session carries them as pending, and the portal asks the
/// person to enrol. So a privileged role is never active on a password alone.
/// </summary>
internal sealed class PortalClaims(UserManager<PortalUser> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    /// <summary>The organization the person acts for (read by <see cref="Endpoints.HttpCaller"/>).</summary>
    public const string Organization = "pki:org";

    /// <summary>A role the person holds but may not use before enrolling a second factor.</summary>
    public const string PendingRole = "pki:pending-role";

    /// <summary>The name shown in the page header.</summary>
    public const string DisplayName = "pki:display-name";

    /// <summary>The roles that need a second factor.</summary>
    public static readonly IReadOnlySet<string> Privileged = new HashSet<string>(StringComparer.Ordinal) { Roles.Officer, Roles.Auditor, Roles.Admin };

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Organization, user.OrganizationId));
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        foreach (var role in user.Roles)
        {
            identity.AddClaim(Privileged.Contains(role) && !user.TwoFactorEnabled
                ? new Claim(PendingRole, role)
                : new Claim(ClaimTypes.Role, role));
        }

        return identity;
    }
}
