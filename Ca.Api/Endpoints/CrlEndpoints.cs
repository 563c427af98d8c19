using System.Globalization;
using Ca.Api.Jobs;
using Ca.Core.Revocation;
using Microsoft.Net.Http.Headers;

namespace Ca.Api.Endpoints;

/// <summary>
/// Public CRLs at the URLs certificates name: the stored DER as signed, with ETag/Last-Modified and a
/// Cache-Control lifetime that ends at the next publication (or nextUpdate, if sooner), so caches and
/// CDNs carry the load without serving a CRL that has already been superseded.
/// </summary>
internal static class CrlEndpoints
{
    public const string PkixCrl = "application/pkix-crl";

    public static IEndpointRouteBuilder MapCrlEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/crl/{file}", async Task<IResult> (string file, HttpContext http, CrlPublisher publisher, CrlSchedule schedule, TimeProvider clock, CancellationToken ct) =>
            {
                if (!file.EndsWith(".crl", StringComparison.Ordinal))
                {
                    return NotFound(file);
                }

                var name = file[..^4];
                var delta = name.EndsWith("-delta", StringComparison.Ordinal);
                var caId = delta ? name[..^6] : name;
                var crl = await publisher.CurrentAsync(caId, delta, ct);
                if (crl is null)
                {
                    return NotFound(file);
                }

                var etag = new EntityTagHeaderValue($"\"{caId}-{crl.Number}\"");
                var headers = http.Response.GetTypedHeaders();
                headers.ETag = etag;
                headers.LastModified = crl.ThisUpdate;
                var expires = schedule.CacheUntil(crl);
                headers.Expires = expires;
                var maxAge = Math.Max(0, (long)(expires - clock.GetUtcNow()).TotalSeconds);
                http.Response.Headers.CacheControl = string.Create(CultureInfo.InvariantCulture, $"public, max-age={maxAge}, no-transform");
                if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false)))
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                return Results.File(crl.Der, PkixCrl, file);
            })
            .AllowAnonymous()
            .WithTags("Revocation").WithName("GetCrl")
            .WithSummary("The CRL of a CA: /crl/{caId}.crl (complete) or /crl/{caId}-delta.crl (delta), DER.")
            .Produces(200, contentType: PkixCrl).ProducesProblem(404);
        return app;
    }

    private static IResult NotFound(string file) =>
        Results.Problem(statusCode: 404, title: "CRL not found", detail: $"There is no CRL '{file}'.", type: Problems.ProblemDetailsDefaults.TypeBase + "crl-not-found");
}
