using Ca.Core.Acme;
using Microsoft.Extensions.Options;

namespace Ca.Api.Endpoints.Acme;

/// <summary>Authorizations and challenges (RFC 8555 7.5).</summary>
internal static class AcmeAuthorizationEndpoints
{
    public static RouteGroupBuilder MapAcmeAuthorizations(this RouteGroupBuilder acme)
    {
        acme.MapPost("/authz/{id}", async (string id, HttpContext http, AcmeRequestVerifier verifier, AcmeAuthorizationService authorizations, IOptions<AcmeOptions> options, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var authorization = await authorizations.UpdateAsync(request, id, AcmeRequests.CorrelationId(http), ct);
                if (authorization.Challenges.Any(c => c.Status == AcmeChallengeStatus.Processing))
                {
                    http.Response.Headers.RetryAfter = options.Value.PollRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return AcmeResults.Json(AcmeResults.Authorization(authorization, authorizations.Now, new AcmeUrls(http.Request)));
            })
            .WithName("AcmeAuthorization").WithSummary("Reads an authorization (POST-as-GET) or deactivates it.");

        acme.MapPost("/chall/{authorizationId}/{type}", async (string authorizationId, string type, HttpContext http, AcmeRequestVerifier verifier, AcmeAuthorizationService authorizations, IOptions<AcmeOptions> options, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var (authorization, challenge) = await authorizations.RespondAsync(request, authorizationId, type, AcmeRequests.CorrelationId(http), ct);
                var urls = new AcmeUrls(http.Request);
                http.Response.Headers.Append("Link", $"<{urls.Authorization(authorizationId)}>;rel=\"up\"");
                if (challenge.Status == AcmeChallengeStatus.Processing)
                {
                    http.Response.Headers.RetryAfter = options.Value.PollRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return AcmeResults.Json(AcmeResults.Challenge(authorization, challenge, urls));
            })
            .WithName("AcmeChallenge").WithSummary("Tells the server a challenge is ready ({}) or reads it (POST-as-GET).");
        return acme;
    }
}
