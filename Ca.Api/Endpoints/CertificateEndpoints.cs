using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Api.Endpoints;

/// <summary>Issued certificates: search and download.</summary>
internal static class CertificateEndpoints
{
    public static IEndpointRouteBuilder MapCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/certificates").WithTags("Certificates").RequireAuthorization(Policies.Authenticated);

        group.MapGet("/", async (
                HttpContext http,
                IssuanceService issuance,
                CancellationToken ct,
                string? status = null,
                string? profile = null,
                string? subject = null,
                DateTimeOffset? expiringBefore = null,
                string? caId = null,
                int page = 1,
                int pageSize = 50) =>
            {
                var (statusFilter, expired) = ParseStatus(status);
                var result = await issuance.QueryCertificatesAsync(new CertificateQuery
                {
                    Status = statusFilter,
                    Expired = expired,
                    Profile = profile,
                    SubjectContains = subject,
                    ExpiringBefore = expiringBefore,
                    IssuerId = caId,
                    Page = page,
                    PageSize = pageSize,
                }, HttpCaller.From(http), ct);
                return new PageResponse<CertificateResponse>(result.Items.Select(c => CertificateResponse.From(c)).ToList(), result.Total, result.Page, result.PageSize);
            })
            .WithName("ListCertificates")
            .WithSummary("Certificates, newest first. status: valid | revoked | onHold | expired; subject: substring; expiringBefore: ISO 8601.")
            .ProducesProblem(400);

        group.MapGet("/{serial}", async Task<IResult> (string serial, HttpContext http, IssuanceService issuance, CancellationToken ct) =>
            {
                var request = http.Request;
                var certificate = SerialNumber.TryParse(serial, out var parsed) ? await issuance.FindCertificateAsync(parsed, HttpCaller.From(http), ct) : null;
                if (certificate is null)
                {
                    throw CaException.NotFound("certificate-not-found", $"No certificate with serial {serial}.");
                }

                if (ContentNegotiation.WantsDer(request) || ContentNegotiation.WantsPem(request))
                {
                    return ContentNegotiation.Certificate(request, certificate.Der, certificate.SerialNumber);
                }

                return Results.Ok(CertificateResponse.From(certificate));
            })
            .WithName("GetCertificate").WithSummary("One certificate by serial (hex): JSON with PEM; DER with Accept: application/pkix-cert; bare PEM with Accept: application/x-pem-file.")
            .Produces<CertificateResponse>().Produces(200, contentType: ContentNegotiation.PkixCert, additionalContentTypes: ContentNegotiation.PemFile).ProducesProblem(404);

        return app;
    }

    private static (CertificateStatus? Status, bool? Expired) ParseStatus(string? status) => status?.ToLowerInvariant() switch
    {
        null or "" => (null, null),
        "valid" => (CertificateStatus.Valid, false),
        "revoked" => (CertificateStatus.Revoked, null),
        "onhold" or "hold" => (CertificateStatus.OnHold, null),
        "expired" => (null, true),
        _ => throw CaException.BadRequest("invalid-status", "status must be valid, revoked, onHold or expired.", "status"),
    };
}
