using Ca.Api.Contracts;
using Ca.Core.Validation;
using Ca.Core.Validation.Policy;

namespace Ca.Api.Endpoints;

/// <summary>The named trust lists a verification policy may use (<c>Pki:Validation:TrustLists</c>).</summary>
internal static class TrustListEndpoints
{
    public static IEndpointRouteBuilder MapTrustListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/trust-lists", (TrustStore trust) =>
                Results.Ok(trust.TrustLists.All
                    .Select(l => new TrustListResponse(l.Name, l.Anchors.Select(AnchorFingerprint.Of).Select(a => new AnchorFingerprintResponse(a.Subject, a.Sha256)).ToList()))
                    .ToList()))
            .WithName("ListTrustLists").WithTags("Certificates")
            .WithSummary("The trust lists configured on the server (name, anchor subjects and SHA-256 fingerprints), usable as policy.trustList in the verify endpoints.")
            .Produces<List<TrustListResponse>>()
            .AllowAnonymous();
        return app;
    }
}
