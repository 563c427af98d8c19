using Ca.Core.Acme;
using Microsoft.Extensions.Options;

namespace Ca.Api.Endpoints.Acme;

/// <summary>Orders (RFC 8555 7.4): newOrder, reading an order, finalize.</summary>
internal static class AcmeOrderEndpoints
{
    public static RouteGroupBuilder MapAcmeOrders(this RouteGroupBuilder acme)
    {
        acme.MapPost("/new-order", async (HttpContext http, AcmeRequestVerifier verifier, AcmeOrderService orders, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var view = await orders.NewOrderAsync(request, AcmeRequests.CorrelationId(http), ct);
                var urls = new AcmeUrls(http.Request);
                http.Response.Headers.Location = urls.Order(view.Order.Id);
                return AcmeResults.Json(AcmeResults.Order(view, urls), 201);
            })
            .WithName("AcmeNewOrder").WithSummary("Orders a certificate for DNS names and IP addresses.");

        acme.MapPost("/order/{id}", async (string id, HttpContext http, AcmeRequestVerifier verifier, AcmeOrderService orders, IOptions<AcmeOptions> options, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var view = await orders.GetAsync(request.Account!, id, ct);
                return Render(http, view, options.Value);
            })
            .WithName("AcmeOrder").WithSummary("Reads an order (POST-as-GET).");

        acme.MapPost("/order/{id}/finalize", async (string id, HttpContext http, AcmeRequestVerifier verifier, AcmeOrderService orders, IOptions<AcmeOptions> options, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
                var view = await orders.FinalizeAsync(request, id, AcmeRequests.CorrelationId(http), ct);
                return Render(http, view, options.Value);
            })
            .WithName("AcmeFinalize").WithSummary("Submits the CSR; the certificate is issued under the ACME profile exactly as through the REST API.");
        return acme;
    }

    private static IResult Render(HttpContext http, AcmeOrderView view, AcmeOptions options)
    {
        var urls = new AcmeUrls(http.Request);
        http.Response.Headers.Location = urls.Order(view.Order.Id);
        if (view.Status is AcmeOrderStatus.Processing or AcmeOrderStatus.Pending)
        {
            http.Response.Headers.RetryAfter = options.PollRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return AcmeResults.Json(AcmeResults.Order(view, urls));
    }
}
