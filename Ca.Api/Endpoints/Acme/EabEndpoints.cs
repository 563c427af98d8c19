using Ca.Api.Authentication;
using Ca.Core.Acme;
using Ca.Core.Acme.Eab;

namespace Ca.Api.Endpoints.Acme;

/// <summary>
/// External account binding credentials for businesses (REST, API-key authenticated): a requester
/// creates them for itself, an admin for any account; the HMAC key appears only in the creation response.
/// </summary>
internal static class EabEndpoints
{
    /// <summary>Whose credential to create; the caller itself when absent.</summary>
    public sealed record CreateEabBody(string? AccountId);

    public sealed record EabResponse(string Kid, string AccountId, DateTimeOffset CreatedAt, string CreatedBy, string? AcmeAccountId, DateTimeOffset? BoundAt, DateTimeOffset? RevokedAt, string? HmacKey = null, string? Directory = null)
    {
        public static EabResponse From(EabCredential c, string? hmacKey = null, string? directory = null) =>
            new(c.KeyId, c.Owner, c.CreatedAt, c.CreatedBy, c.BoundAccountId, c.BoundAt, c.RevokedAt, hmacKey, directory);
    }

    public sealed record AcmeAccountResponse(string Id, string Status, IReadOnlyList<string> Contact, string? Kid, DateTimeOffset CreatedAt, string KeyThumbprint);

    public static IEndpointRouteBuilder MapEabEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/acme").WithTags("ACME").RequireAuthorization(Policies.Subscriber)
            .ProducesProblem(401).ProducesProblem(403);

        group.MapPost("/eab", async (CreateEabBody? body, HttpContext http, EabService eab, CancellationToken ct) =>
            {
                var (credential, key) = await eab.CreateAsync(body?.AccountId, HttpCaller.From(http), ct);
                return Results.Created($"/api/v1/acme/eab/{credential.KeyId}", EabResponse.From(credential, key, new AcmeUrls(http.Request).Directory));
            })
            .WithName("CreateEabCredential").WithSummary("Creates an external account binding credential {kid, hmacKey}; the HMAC key is shown in this response only.")
            .Produces<EabResponse>(201).ProducesProblem(404).ProducesProblem(422);

        group.MapGet("/eab", async (HttpContext http, EabService eab, CancellationToken ct, string? accountId) =>
                (await eab.ListAsync(accountId, HttpCaller.From(http), ct)).Select(c => EabResponse.From(c)).ToList())
            .WithName("ListEabCredentials").WithSummary("The caller's EAB credentials (an admin: any account's, or all).");

        group.MapDelete("/eab/{kid}", async (string kid, HttpContext http, EabService eab, CancellationToken ct) =>
            {
                await eab.RevokeAsync(kid, HttpCaller.From(http), ct);
                return Results.NoContent();
            })
            .WithName("RevokeEabCredential").WithSummary("Revokes an EAB credential and the ACME account created with it.")
            .ProducesProblem(404).ProducesProblem(409);

        group.MapGet("/accounts", async (HttpContext http, EabService eab, CancellationToken ct, string? accountId) =>
                (await eab.ListAccountsAsync(accountId, HttpCaller.From(http), ct))
                    .Select(a => new AcmeAccountResponse(a.Id, a.Status.ToString().ToLowerInvariant(), a.Contact, a.EabKeyId, a.CreatedAt, a.KeyThumbprint)).ToList())
            .WithName("ListAcmeAccounts").WithSummary("The ACME accounts bound to an account (the caller's, or for an admin the one named).");
        return app;
    }
}
