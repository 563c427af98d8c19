using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Validation;

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

                    var chain = (body.Chain ?? []).SelectMany((pem, i) => CertificateInput.FromPem(pem, $"chain[{i}]")).ToList();
                    verify = new CertificateVerificationRequest(CertificateInput.FromPem(body.Certificate, "certificate")[0], chain, body.At ?? at);
                }
                else if (BodyReading.Is(request, PemTypes))
                {
                    using var reader = new StreamReader(request.Body);
                    var all = CertificateInput.FromPem(await reader.ReadToEndAsync(ct), "body");
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
}
