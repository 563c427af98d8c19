using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Validation;
using Ca.Core.Validation.Policy;

namespace Ca.Api.Endpoints;

/// <summary>Public certificate validation for relying parties.</summary>
internal static class VerificationEndpoints
{
    private static readonly string[] PemTypes = [ContentNegotiation.PemFile, "application/pem-certificate-chain", "text/plain"];

    public static IEndpointRouteBuilder MapVerificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/certificates/verify", async Task<IResult> (HttpContext http, CertificateVerificationService verification, TrustStore trust, CancellationToken ct, DateTimeOffset? at = null) =>
            {
                var request = http.Request;
                CertificateVerificationRequest verify;
                if (BodyReading.Is(request, "application/json"))
                {
                    var body = await request.ReadFromJsonAsync<VerifyCertificateBody>(ct)
                        ?? throw CaException.BadRequest("missing-body", "Send { \"certificate\": PEM, \"chain\": [PEM...], \"at\": time, \"policy\": {...} }.");
                    if (string.IsNullOrWhiteSpace(body.Certificate))
                    {
                        throw CaException.BadRequest("missing-certificate", "certificate (PEM) is required.", "certificate");
                    }

                    var chain = (body.Chain ?? []).SelectMany((pem, i) => CertificateInput.FromPem(pem, $"chain[{i}]")).ToList();
                    var policy = body.Policy is null ? null : ValidationPolicyParser.Parse(body.Policy, trust.TrustLists);
                    verify = new CertificateVerificationRequest(CertificateInput.FromPem(body.Certificate, "certificate")[0], chain, body.At ?? at, policy);
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
            .WithSummary("Validates a certificate (RFC 5280 path to our roots or configured anchors, revocation, at 'at' or now). JSON { certificate, chain?, at?, policy? } or a PEM bundle (first = the certificate; ?at=). 'policy' is the caller's own: trustAnchors (PEM), useServiceAnchors, trustList (GET /api/v1/trust-lists), requiredEku (OIDs), maxPathLength, at, revocation (require|prefer|off), crls (PEM or base64 DER), ocspResponses (base64 DER); bounded, see docs/VALIDATION.md. The report names the policy applied and where each revocation answer came from.")
            .Accepts<VerifyCertificateBody>("application/json", ContentNegotiation.PemFile)
            .Produces<ValidationReportResponse>()
            .ProducesProblem(400).ProducesProblem(415)
            .AllowAnonymous();
        return app;
    }
}
