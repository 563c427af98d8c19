using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Api.Endpoints;

/// <summary>Submitting, following and deciding certificate requests.</summary>
internal static class CertificateRequestEndpoints
{
    public static IEndpointRouteBuilder MapCertificateRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/certificate-requests").WithTags("Certificate requests");

        group.MapPost("/", async (CertificateRequestBody body, HttpContext http, IssuanceService issuance, CancellationToken ct) =>
            {
                var result = await issuance.SubmitAsync(ToCore(body), HttpCaller.From(http), ct);
                return Results.Created($"/api/v1/certificate-requests/{result.Request.Id}", CertificateRequestResponse.From(result.Request, result.Certificate, result.Pkcs12));
            })
            .WithName("SubmitCertificateRequest")
            .WithSummary("Requests a certificate from a CSR, or with a server-generated key (PKCS#12 returned once).")
            .Accepts<CertificateRequestBody>("application/json")
            .Produces<CertificateRequestResponse>(201)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
            .RequireAuthorization(Policies.Subscriber);

        group.MapGet("/", async (HttpContext http, IssuanceService issuance, CancellationToken ct, string? status = null, int page = 1, int pageSize = 50) =>
            {
                RequestStatus? filter = status is null ? null
                    : Enum.TryParse<RequestStatus>(status, ignoreCase: true, out var parsed) ? parsed
                    : throw CaException.BadRequest("invalid-status", "status must be pending, issued, rejected or expired.", "status");
                var result = await issuance.QueryRequestsAsync(filter, page, pageSize, HttpCaller.From(http), ct);
                return new PageResponse<CertificateRequestResponse>(result.Items.Select(r => CertificateRequestResponse.From(r, null)).ToList(), result.Total, result.Page, result.PageSize);
            })
            .WithName("ListCertificateRequests").WithSummary("Requests you may see, newest first; officers use status=pending as their queue.")
            .ProducesProblem(400).ProducesProblem(401)
            .RequireAuthorization(Policies.Authenticated);

        group.MapGet("/{id:guid}", async Task<IResult> (Guid id, HttpContext http, IssuanceService issuance, CancellationToken ct) =>
            {
                var caller = HttpCaller.From(http);
                var request = await issuance.FindRequestAsync(id, caller, ct) ?? throw RequestNotFound(id);
                var certificate = request.CertificateSerial is { } serial && SerialNumber.TryParse(serial, out var parsed)
                    ? await issuance.FindCertificateAsync(parsed, caller, ct)
                    : null;
                return Results.Ok(CertificateRequestResponse.From(request, certificate));
            })
            .WithName("GetCertificateRequest").WithSummary("A request's status and, once issued, its certificate.")
            .Produces<CertificateRequestResponse>().ProducesProblem(401).ProducesProblem(404)
            .RequireAuthorization(Policies.Authenticated);

        group.MapPost("/{id:guid}/approve", async (Guid id, HttpContext http, IssuanceService issuance, CancellationToken ct) =>
            {
                var result = await issuance.ApproveAsync(id, HttpCaller.From(http), ct);
                return Results.Ok(CertificateRequestResponse.From(result.Request, result.Certificate));
            })
            .WithName("ApproveCertificateRequest").WithSummary("An officer approves a pending request; the certificate is issued.")
            .Produces<CertificateRequestResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .RequireAuthorization(Policies.Officer);

        group.MapPost("/{id:guid}/reject", async (Guid id, RejectBody body, HttpContext http, IssuanceService issuance, CancellationToken ct) =>
            {
                var request = await issuance.RejectAsync(id, body.Reason ?? string.Empty, HttpCaller.From(http), ct);
                return Results.Ok(CertificateRequestResponse.From(request, null));
            })
            .WithName("RejectCertificateRequest").WithSummary("An officer rejects a pending request with a reason.")
            .Produces<CertificateRequestResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .RequireAuthorization(Policies.Officer);

        return app;
    }

    private static IssuanceRequest ToCore(CertificateRequestBody body) => new()
    {
        Profile = body.Profile ?? throw CaException.BadRequest("missing-profile", "profile is required.", "profile"),
        Csr = body.Csr,
        CaId = body.CaId,
        ValidityDays = body.ValidityDays,
        Subject = body.Subject,
        Sans = body.Sans,
        KeyAlgorithm = body.KeyAlgorithm,
        Pkcs12Password = body.Pkcs12Password,
        Pkcs12Format = body.Pkcs12Format,
    };

    private static CaException RequestNotFound(Guid id) => CaException.NotFound("request-not-found", $"Certificate request {id} does not exist.");
}
