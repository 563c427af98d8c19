using System.Diagnostics;
using System.Security.Claims;
using Ca.Core.Common;

namespace Ca.Api.Endpoints;

/// <summary>Turns the authenticated principal into Core's <see cref="CallerContext"/>.</summary>
internal static class HttpCaller
{
    public const string Anonymous = "anonymous";

    public static CallerContext From(HttpContext context)
    {
        var user = context.User;
        var id = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? Anonymous : Anonymous;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        // A person signed in to the portal acts for their organization; an API key is the organization.
        var organization = user.FindFirstValue(Portal.People.PortalClaims.Organization);
        return new CallerContext(id, roles, Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier, organization);
    }
}
