using System.Text.Json.Nodes;
using Ca.Core.Acme;
using Microsoft.Extensions.Options;

namespace Ca.Api.Endpoints.Acme;

/// <summary>The directory (RFC 8555 7.1.1) and fresh nonces (7.2).</summary>
internal static class AcmeDirectoryEndpoints
{
    public static RouteGroupBuilder MapAcmeDirectory(this RouteGroupBuilder acme)
    {
        acme.MapGet("/directory", (HttpContext http, IOptions<AcmeOptions> options) =>
            {
                var urls = new AcmeUrls(http.Request);
                var meta = new JsonObject { ["externalAccountRequired"] = options.Value.ExternalAccountRequired };
                if (options.Value.TermsOfService is { } terms)
                {
                    meta["termsOfService"] = terms;
                }

                if (options.Value.Website is { } website)
                {
                    meta["website"] = website;
                }

                return AcmeResults.Json(new JsonObject
                {
                    ["newNonce"] = urls.NewNonce,
                    ["newAccount"] = urls.NewAccount,
                    ["newOrder"] = urls.NewOrder,
                    ["revokeCert"] = urls.RevokeCert,
                    ["keyChange"] = urls.KeyChange,
                    ["renewalInfo"] = urls.RenewalInfo,
                    ["meta"] = meta,
                });
            })
            .WithName("AcmeDirectory").WithSummary("The ACME directory (RFC 8555 7.1.1): the URLs of every ACME operation.");

        acme.MapMethods("/new-nonce", [HttpMethods.Head], () => Results.Ok())
            .WithName("AcmeNewNonceHead").WithSummary("A fresh anti-replay nonce in the Replay-Nonce header (200).");
        acme.MapGet("/new-nonce", () => Results.NoContent())
            .WithName("AcmeNewNonce").WithSummary("A fresh anti-replay nonce in the Replay-Nonce header (204).");
        return acme;
    }
}
