using Ca.Api.Startup;
using Ca.Core.Ocsp;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Endpoints;

/// <summary>
/// The OCSP responder (RFC 6960, RFC 5019 profile): POST with a DER request, or GET with it base64 in
/// the path. Protocol errors are OCSP responses (malformedRequest, unauthorized), never HTTP 500s.
/// </summary>
internal static class OcspEndpoints
{
    public const string OcspRequest = "application/ocsp-request";
    public const string OcspResponse = "application/ocsp-response";
    private const int MaxRequestBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapOcspEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ocsp", async Task<IResult> (HttpRequest request, OcspResponder responder, CancellationToken ct) =>
            {
                if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), OcspRequest, StringComparison.OrdinalIgnoreCase))
                {
                    return Results.Problem(statusCode: 415, title: "Unsupported media type", detail: $"Send the request as {OcspRequest}.");
                }

                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, ct);
                return Results.File(await responder.RespondAsync(buffer.ToArray(), ct), OcspResponse);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimiting.ProtocolPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithTags("OCSP").WithName("OcspPost").WithSummary("OCSP over POST (application/ocsp-request).")
            .Accepts<byte[]>(OcspRequest).Produces(200, contentType: OcspResponse).ProducesProblem(413).ProducesProblem(415);

        app.MapGet("/ocsp/{**request}", async (string? request, HttpContext http, OcspResponder responder, CancellationToken ct) =>
            {
                var path = http.Request.Path.Value is { } value && value.Length > "/ocsp/".Length ? value["/ocsp/".Length..] : request;
                var der = OcspRequestParser.TryDecodeGetPath(path, out var decoded) ? decoded! : [];
                var response = await responder.RespondAsync(der, ct);
                http.Response.Headers.CacheControl = "public, max-age=300, no-transform";
                return Results.File(response, OcspResponse);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimiting.ProtocolPolicy)
            .WithTags("OCSP").WithName("OcspGet").WithSummary("OCSP over GET: the DER request, base64 (URL-encoded) in the path.")
            .Produces(200, contentType: OcspResponse);
        return app;
    }
}
