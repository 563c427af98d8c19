using System.Text.Json.Nodes;
using Ca.Core.Acme;

namespace Ca.Api.Endpoints.Acme;

/// <summary>Accounts (RFC 8555 7.3): newAccount, account update and deactivation, key roll-over, the orders list.</summary>
internal static class AcmeAccountEndpoints
{
    private const int OrdersPageSize = 50;

    /// <summary>The last orders page a cursor may name (its offset stays far from int overflow).</summary>
    private const int MaxOrdersCursor = 100_000;

    public static RouteGroupBuilder MapAcmeAccounts(this RouteGroupBuilder acme)
    {
        acme.MapPost("/new-account", async (HttpContext http, AcmeRequestVerifier verifier, AcmeAccountService accounts, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Jwk, ct);
                var urls = new AcmeUrls(http.Request);
                var (account, created) = await accounts.NewAccountAsync(request, urls.NewAccount, AcmeRequests.CorrelationId(http), ct);
                http.Response.Headers.Location = urls.Account(account.Id);
                return AcmeResults.Json(AcmeResults.Account(account, urls), created ? 201 : 200);
            })
            .WithName("AcmeNewAccount").WithSummary("Creates an ACME account (external account binding required by default) or finds the key's account.");

        acme.MapPost("/acct/{id}", async (string id, HttpContext http, AcmeRequestVerifier verifier, AcmeAccountService accounts, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var account = await accounts.UpdateAsync(request, id, AcmeRequests.CorrelationId(http), ct);
                return AcmeResults.Json(AcmeResults.Account(account, new AcmeUrls(http.Request)));
            })
            .WithName("AcmeAccount").WithSummary("Reads an account, updates its contacts, or deactivates it.");

        acme.MapPost("/acct/{id}/orders", async (string id, HttpContext http, AcmeRequestVerifier verifier, AcmeOrderService orders, CancellationToken ct, string? cursor = null) =>
            {
                var page = OrdersCursor(cursor);
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var account = AcmeAccountService.OwnAccount(request, id);
                var (ids, more) = await orders.ListAsync(account, page, OrdersPageSize, ct);
                var urls = new AcmeUrls(http.Request);
                if (more)
                {
                    http.Response.Headers.Append("Link", $"<{urls.Orders(id)}?cursor={page + 1}>;rel=\"next\"");
                }

                return AcmeResults.Json(new JsonObject { ["orders"] = new JsonArray(ids.Select(o => (JsonNode)JsonValue.Create(urls.Order(o))).ToArray()) });
            })
            .WithName("AcmeAccountOrders").WithSummary("The account's unexpired orders, newest first, paged by Link rel=\"next\".");

        acme.MapPost("/key-change", async (HttpContext http, AcmeRequestVerifier verifier, AcmeAccountService accounts, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var urls = new AcmeUrls(http.Request);
                var account = await accounts.ChangeKeyAsync(request, urls.KeyChange, urls.Account(request.Account!.Id), AcmeRequests.CorrelationId(http), ct);
                return AcmeResults.Json(AcmeResults.Account(account, urls));
            })
            .WithName("AcmeKeyChange").WithSummary("Rolls the account over to a new key (RFC 8555 7.3.5).");
        return acme;
    }

    /// <summary>
    /// The orders page named by the cursor, read here rather than bound as an int: a cursor that is not a number
    /// must be an ACME malformed problem (RFC 8555 6.7), not the framework's binding error, and a huge one must not
    /// overflow the page offset.
    /// </summary>
    private static int OrdersCursor(string? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }

        return int.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page <= MaxOrdersCursor
            ? page
            : throw AcmeException.Malformed($"cursor must be a page number from 0 to {MaxOrdersCursor}.");
    }
}
