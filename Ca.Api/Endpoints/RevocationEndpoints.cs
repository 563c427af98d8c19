using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Revocation;

namespace Ca.Api.Endpoints;

/// <summary>Withdrawing credentials: revoke, hold/unhold, revoke a CA, publish a CRL now.</summary>
internal static class RevocationEndpoints
{
    /// <summary>A revocation.</summary>
    /// <param name="Reason">keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, aACompromise, unspecified.</param>
    /// <param name="InvalidityDate">When the key is known or suspected to have been compromised.</param>
    public sealed record RevokeBody(string? Reason, DateTimeOffset? InvalidityDate);

    public sealed record CrlPublished(string CaId, long Number, bool Delta, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, string Url);

    public static IEndpointRouteBuilder MapRevocationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/certificates/{serial}/revoke", async (string serial, RevokeBody body, HttpContext http, RevocationService revocation, CancellationToken ct) =>
            {
                var reason = RevocationReasons.Parse(body.Reason ?? "unspecified");
                var revoked = await revocation.RevokeAsync(ParseSerial(serial), reason, body.InvalidityDate, HttpCaller.From(http), ct);
                return CertificateResponse.From(revoked, r => ((RevocationReason)r).ToWireName());
            })
            .WithTags("Revocation").WithName("RevokeCertificate")
            .WithSummary("Revokes a certificate (certificateHold suspends it). Subscribers: own certificates, keyCompromise/superseded/cessationOfOperation/affiliationChanged.")
            .Produces<CertificateResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422)
            .RequireAuthorization(Policies.Authenticated);

        app.MapPost("/api/v1/certificates/{serial}/unhold", async (string serial, HttpContext http, RevocationService revocation, CancellationToken ct) =>
                CertificateResponse.From(await revocation.UnholdAsync(ParseSerial(serial), HttpCaller.From(http), ct)))
            .WithTags("Revocation").WithName("UnholdCertificate")
            .WithSummary("Lifts a certificateHold; the next delta CRL lists it as removeFromCRL.")
            .Produces<CertificateResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .RequireAuthorization(Policies.Officer);

        app.MapPost("/api/v1/cas/{caId}/revoke", async (string caId, RevokeBody body, HttpContext http, RevocationService revocation, CancellationToken ct) =>
            {
                await revocation.RevokeAuthorityAsync(caId, RevocationReasons.Parse(body.Reason ?? "unspecified"), HttpCaller.From(http), ct);
                return Results.NoContent();
            })
            .WithTags("Revocation").WithName("RevokeCa")
            .WithSummary("Revokes an issuing CA: it stops issuing at once, and its parent's CRL (ARL) lists it.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422)
            .RequireAuthorization(Policies.Operator);

        app.MapPost("/api/v1/cas/{caId}/crl", async (string caId, HttpContext http, CrlPublisher publisher, PublicUrls urls, CancellationToken ct, bool delta = false) =>
            {
                var caller = HttpCaller.From(http);
                var crl = delta ? await publisher.PublishDeltaAsync(caId, caller, ct) : await publisher.PublishFullAsync(caId, caller, ct);
                return new CrlPublished(crl.CaId, crl.Number, crl.IsDelta, crl.ThisUpdate, crl.NextUpdate, delta ? urls.DeltaCrl(caId) : urls.Crl(caId));
            })
            .WithTags("Revocation").WithName("PublishCrl").WithSummary("Publishes a complete (or, with delta=true, a delta) CRL now.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .RequireAuthorization(Policies.Operator);

        return app;
    }

    private static SerialNumber ParseSerial(string serial) =>
        SerialNumber.TryParse(serial, out var parsed) ? parsed : throw CaException.NotFound("certificate-not-found", $"No certificate with serial {serial}.");
}
