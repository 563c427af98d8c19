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
        return new CallerContext(id, roles, Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
    }
}
