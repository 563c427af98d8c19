using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Documents;

namespace Ca.Api.Endpoints;

/// <summary>E-seals held by the service: created by admins, listed by ownership.</summary>
internal static class SignerEndpoints
{
    public static IEndpointRouteBuilder MapSignerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/signers").WithTags("Document signers");

        group.MapPost("/", async (CreateSignerBody body, HttpContext http, DocumentSignerService signers, CancellationToken ct) =>
            {
                var signer = await signers.CreateAsync(
                    new CreateSignerRequest(body.Name, body.Subject, body.KeyAlgorithm, body.Owner, body.ValidityDays, body.Email), HttpCaller.From(http), ct);
                return Results.Created($"/api/v1/signers/{signer.Id}", SignerResponse.From(signer));
            })
            .WithName("CreateSigner")
            .WithSummary("Generates an e-seal key in the service and issues its document-signing certificate from the default issuing CA. Admins only; the key is never returned.")
            .Accepts<CreateSignerBody>("application/json")
            .Produces<SignerResponse>(201)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(422)
            .RequireAuthorization(Policies.Admin);

        group.MapGet("/", async (HttpContext http, DocumentSignerService signers, CancellationToken ct) =>
                (await signers.ListAsync(HttpCaller.From(http), ct)).Select(SignerResponse.From).ToList())
            .WithName("ListSigners").WithSummary("Active signers: all for admins, officers and auditors; your own otherwise.")
            .Produces<List<SignerResponse>>().ProducesProblem(401)
            .RequireAuthorization(Policies.Authenticated);

        group.MapGet("/{id}", async (string id, HttpContext http, DocumentSignerService signers, CancellationToken ct) =>
                SignerResponse.From(await signers.FindAsync(id, HttpCaller.From(http), ct)
                    ?? throw CaException.NotFound("signer-not-found", $"No document signer '{id}'.")))
            .WithName("GetSigner").WithSummary("One signer and its certificate (404 when it is not yours to see).")
            .Produces<SignerResponse>().ProducesProblem(401).ProducesProblem(404)
            .RequireAuthorization(Policies.Authenticated);

        return app;
    }
}
