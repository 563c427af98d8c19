using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Api.Endpoints;

/// <summary>Public certificate validation for relying parties.</summary>
internal static class VerificationEndpoints
{
    private static readonly string[] PemTypes = [ContentNegotiation.PemFile, "application/pem-certificate-chain", "text/plain"];

    public static IEndpointRouteBuilder MapVerificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/certificates/verify", async Task<IResult> (HttpContext http, CertificateVerificationService verification, CancellationToken ct, DateTimeOffset? at = null) =>
            {
                var request = http.Request;
                CertificateVerificationRequest verify;
                if (BodyReading.Is(request, "application/json"))
                {
                    var body = await request.ReadFromJsonAsync<VerifyCertificateBody>(ct)
                        ?? throw CaException.BadRequest("missing-body", "Send { \"certificate\": PEM, \"chain\": [PEM...], \"at\": time }.");
                    if (string.IsNullOrWhiteSpace(body.Certificate))
                    {
                        throw CaException.BadRequest("missing-certificate", "certificate (PEM) is required.", "certificate");
                    }

                    var chain = (body.Chain ?? []).SelectMany((pem, i) => ParseAll(pem, $"chain[{i}]")).ToList();
                    verify = new CertificateVerificationRequest(ParseAll(body.Certificate, "certificate")[0], chain, body.At ?? at);
                }
                else if (BodyReading.Is(request, PemTypes))
                {
                    using var reader = new StreamReader(request.Body);
                    var all = ParseAll(await reader.ReadToEndAsync(ct), "body");
                    verify = new CertificateVerificationRequest(all[0], all.Skip(1).ToList(), at);
                }
                else
                {
                    return BodyReading.UnsupportedMediaType("application/json", ContentNegotiation.PemFile);
                }

                return Results.Ok(ValidationReportResponse.From(await verification.VerifyAsync(verify, ct)));
            })
            .WithName("VerifyCertificate").WithTags("Certificates")
            .WithSummary("Validates a certificate (RFC 5280 path to our roots or configured anchors, revocation, at 'at' or now). JSON { certificate, chain?, at? } or a PEM bundle (first = the certificate; ?at=).")
            .Accepts<VerifyCertificateBody>("application/json", ContentNegotiation.PemFile)
            .Produces<ValidationReportResponse>()
            .ProducesProblem(400).ProducesProblem(415)
            .AllowAnonymous();
        return app;
    }

    private static List<X509Certificate> ParseAll(string pem, string field)
    {
        var blocks = Pem.DecodeAll(pem, "CERTIFICATE");
        if (blocks.Count == 0)
        {
            throw CaException.BadRequest("invalid-certificate", $"{field} holds no PEM certificate.", field);
        }

        try
        {
            return blocks.Select(der => new X509Certificate(der)).ToList();
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            throw CaException.BadRequest("invalid-certificate", $"{field} is not a valid X.509 certificate.", field, e);
        }
    }
}
