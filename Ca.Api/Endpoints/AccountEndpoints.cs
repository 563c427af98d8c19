using Ca.Api.Authentication;
using Ca.Core.Accounts;

namespace Ca.Api.Endpoints;

/// <summary>Accounts and API keys (admins only). A key's secret appears in exactly one response: its creation.</summary>
internal static class AccountEndpoints
{
    public sealed record CreateAccountBody(string? Name, List<string>? Roles);

    public sealed record CreateKeyBody(DateTimeOffset? ExpiresAt);

    public sealed record AccountResponse(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt)
    {
        public static AccountResponse From(Account a) => new(a.Id, a.Name, a.Roles, a.CreatedAt);
    }

    public sealed record KeyResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? Key = null);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/accounts").WithTags("Accounts").RequireAuthorization(Policies.Admin)
            .ProducesProblem(401).ProducesProblem(403);

        group.MapPost("/", async (CreateAccountBody body, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var account = await accounts.CreateAsync(body.Name ?? string.Empty, body.Roles ?? [], HttpCaller.From(http), ct);
                return Results.Created($"/api/v1/accounts/{account.Id}", AccountResponse.From(account));
            })
            .WithName("CreateAccount").WithSummary("Creates an account with roles requester, officer, auditor and/or admin.")
            .Produces<AccountResponse>(201).ProducesProblem(400);

        group.MapGet("/", async (AccountService accounts, CancellationToken ct) =>
                (await accounts.ListAsync(ct)).Select(AccountResponse.From).ToList())
            .WithName("ListAccounts");

        group.MapGet("/{id}", async (string id, AccountService accounts, CancellationToken ct) =>
                AccountResponse.From(await accounts.GetAsync(id, ct)))
            .WithName("GetAccount").ProducesProblem(404);

        group.MapDelete("/{id}", async (string id, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                await accounts.DeleteAsync(id, HttpCaller.From(http), ct);
                return Results.NoContent();
            })
            .WithName("DeleteAccount").WithSummary("Deletes the account and revokes all its keys.").ProducesProblem(404).ProducesProblem(409);

        group.MapPost("/{id}/keys", async (string id, CreateKeyBody? body, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var (key, secret) = await accounts.CreateKeyAsync(id, body?.ExpiresAt, HttpCaller.From(http), ct);
                return Results.Created($"/api/v1/accounts/{id}/keys/{key.Id}", new KeyResponse(key.Id, key.CreatedAt, key.ExpiresAt, null, secret));
            })
            .WithName("CreateApiKey").WithSummary("Issues an API key; the key is shown in this response only.")
            .Produces<KeyResponse>(201).ProducesProblem(400).ProducesProblem(404);

        group.MapGet("/{id}/keys", async (string id, AccountService accounts, CancellationToken ct) =>
                (await accounts.ListKeysAsync(id, ct)).Select(k => new KeyResponse(k.Id, k.CreatedAt, k.ExpiresAt, k.RevokedAt)).ToList())
            .WithName("ListApiKeys").ProducesProblem(404);

        group.MapDelete("/{id}/keys/{keyId:guid}", async (string id, Guid keyId, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                await accounts.RevokeKeyAsync(id, keyId, HttpCaller.From(http), ct);
                return Results.NoContent();
            })
            .WithName("RevokeApiKey").ProducesProblem(404);

        return app;
    }
}
