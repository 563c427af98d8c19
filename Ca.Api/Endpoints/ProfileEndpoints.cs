using Ca.Api.Contracts;
using Ca.Core.Profiles;

namespace Ca.Api.Endpoints;

/// <summary>Profiles, so requesters can see what each kind of certificate allows before asking.</summary>
internal static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/profiles", (IProfileCatalog catalog) => catalog.All.Select(ProfileResponse.From).ToList())
            .AllowAnonymous().WithTags("Profiles").WithName("ListProfiles").WithSummary("The certificate profiles in force.");
        return app;
    }
}
