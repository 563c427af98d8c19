using Ca.Api.Contracts;
using Ca.Core.Authorities;
using Ca.Core.Common;

namespace Ca.Api.Endpoints;

/// <summary>CAs: list, details, certificates and chains. Public: relying parties need them to trust anything.</summary>
internal static class AuthorityEndpoints
{
    public static IEndpointRouteBuilder MapAuthorityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cas").WithTags("Certificate authorities").AllowAnonymous();

        group.MapGet("/", async (AuthorityRegistry registry, PublicUrls urls, CancellationToken ct) =>
                (await registry.ListAsync(ct)).Select(r => From(r, registry, urls)).ToList())
            .WithName("ListCas").WithSummary("Lists the CA hierarchy (roots first).");

        group.MapGet("/{caId}", async Task<IResult> (string caId, AuthorityRegistry registry, PublicUrls urls, CancellationToken ct) =>
                await registry.FindAsync(caId, ct) is { } ca ? Results.Ok(From(ca.Record, registry, urls)) : NotFound(caId))
            .WithName("GetCa").WithSummary("One CA.")
            .Produces<AuthorityResponse>().ProducesProblem(404);

        group.MapGet("/{caId}/certificate", async Task<IResult> (string caId, HttpRequest request, AuthorityRegistry registry, CancellationToken ct) =>
                await registry.FindAsync(caId, ct) is { } ca ? ContentNegotiation.Certificate(request, ca.Record.CertificateDer, caId) : NotFound(caId))
            .WithName("GetCaCertificate").WithSummary("The CA certificate: PEM, or DER with Accept: application/pkix-cert.")
            .Produces(200, contentType: ContentNegotiation.PemFile, additionalContentTypes: ContentNegotiation.PkixCert).ProducesProblem(404);

        group.MapGet("/{caId}/chain", async Task<IResult> (string caId, AuthorityRegistry registry, CancellationToken ct) =>
            {
                if (await registry.FindAsync(caId, ct) is null)
                {
                    return NotFound(caId);
                }

                var chain = await registry.ChainAsync(caId, ct);
                return Results.Text(string.Concat(chain.Select(c => Pem.Encode("CERTIFICATE", c.Record.CertificateDer))), ContentNegotiation.PemFile);
            })
            .WithName("GetCaChain").WithSummary("The CA certificate followed by its issuers up to the root, PEM.")
            .Produces(200, contentType: ContentNegotiation.PemFile).ProducesProblem(404);

        // AIA caIssuers target (RFC 5280 4.2.2.1): a bare DER certificate at a stable URL.
        app.MapGet("/ca/{file}", async Task<IResult> (string file, AuthorityRegistry registry, CancellationToken ct) =>
            {
                var caId = file.EndsWith(".crt", StringComparison.Ordinal) ? file[..^4] : file;
                return await registry.FindAsync(caId, ct) is { } ca
                    ? Results.File(ca.Record.CertificateDer, ContentNegotiation.PkixCert)
                    : NotFound(caId);
            })
            .AllowAnonymous().WithTags("Certificate authorities").WithName("GetCaCertificateDer").WithSummary("CA certificate in DER, as named by certificates' AIA caIssuers.")
            .Produces(200, contentType: ContentNegotiation.PkixCert).ProducesProblem(404);

        return app;
    }

    private static AuthorityResponse From(AuthorityRecord record, AuthorityRegistry registry, PublicUrls urls) =>
        AuthorityResponse.From(record, urls, registry.HoldsKey(record), registry.KeyReferenceOf(record).Provider.ToLowerInvariant());

    private static IResult NotFound(string caId) =>
        Results.Problem(statusCode: 404, title: "CA not found", detail: $"There is no CA '{caId}'.", type: Problems.ProblemDetailsDefaults.TypeBase + "ca-not-found");
}
