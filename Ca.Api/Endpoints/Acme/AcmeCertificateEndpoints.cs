using System.Text.Json.Nodes;
using Ca.Core.Acme;
using Ca.Core.Common;

namespace Ca.Api.Endpoints.Acme;

/// <summary>Certificate download (RFC 8555 7.4.2), revocation (7.6) and renewal information (RFC 9773).</summary>
internal static class AcmeCertificateEndpoints
{
    public static RouteGroupBuilder MapAcmeCertificates(this RouteGroupBuilder acme)
    {
        acme.MapPost("/cert/{serial}", (string serial, HttpContext http, AcmeRequestVerifier verifier, AcmeCertificateService certificates, CancellationToken ct) =>
                ChainAsync(serial, withRoot: false, http, verifier, certificates, ct))
            .WithName("AcmeCertificate").WithSummary("The certificate and its issuing chain without the root (application/pem-certificate-chain).");

        acme.MapPost("/cert/{serial}/with-root", (string serial, HttpContext http, AcmeRequestVerifier verifier, AcmeCertificateService certificates, CancellationToken ct) =>
                ChainAsync(serial, withRoot: true, http, verifier, certificates, ct))
            .WithName("AcmeCertificateWithRoot").WithSummary("The alternate chain: the certificate, its issuing chain and the root.");

        acme.MapPost("/revoke-cert", async (HttpContext http, AcmeRequestVerifier verifier, AcmeCertificateService certificates, CancellationToken ct) =>
            {
                var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.KidOrJwk, ct);
                await certificates.RevokeAsync(request, AcmeRequests.CorrelationId(http), ct);
                return Results.Ok();
            })
            .WithName("AcmeRevokeCert").WithSummary("Revokes a certificate, signed by the ordering account or by the certificate's key.");

        acme.MapGet("/renewal-info/{id}", async (string id, HttpContext http, RenewalInfoService renewalInfo, CancellationToken ct) =>
            {
                var window = await renewalInfo.GetAsync(id, ct);
                http.Response.Headers.RetryAfter = ((int)window.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return AcmeResults.Json(new JsonObject
                {
                    ["suggestedWindow"] = new JsonObject
                    {
                        ["start"] = window.Start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                        ["end"] = window.End.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                    },
                });
            })
            .WithName("AcmeRenewalInfo").WithSummary("ACME Renewal Information (RFC 9773): when to renew a certificate.");
        return acme;
    }

    /// <summary>A chain with Link rel="up" to the issuer's certificate and rel="alternate" to the other chain (RFC 8555 7.4.2).</summary>
    private static async Task<IResult> ChainAsync(string serial, bool withRoot, HttpContext http, AcmeRequestVerifier verifier, AcmeCertificateService certificates, CancellationToken ct)
    {
        var request = await AcmeRequests.VerifyAsync(http, verifier, AcmeKeyRule.Kid, ct);
        var (pem, issuerId) = await certificates.ChainPemAsync(request.Account!, serial, withRoot, ct);
        var urls = new AcmeUrls(http.Request);
        http.Response.Headers.Append("Link", $"<{http.RequestServices.GetRequiredService<PublicUrls>().CaCertificate(issuerId)}>;rel=\"up\"");
        http.Response.Headers.Append("Link", $"<{urls.Certificate(serial) + (withRoot ? string.Empty : "/with-root")}>;rel=\"alternate\"");
        return Results.Text(pem, AcmeResults.PemChain);
    }
}
