using Ca.Api.Startup;
using Ca.Core.Timestamping;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Endpoints;

/// <summary>The RFC 3161 time-stamp authority over HTTP (RFC 3161 3.4).</summary>
internal static class TsaEndpoints
{
    public const string QueryType = "application/timestamp-query";
    public const string ReplyType = "application/timestamp-reply";

    public static IEndpointRouteBuilder MapTsaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tsa", async Task<IResult> (HttpContext http, TimeStampAuthority tsa, CancellationToken ct) =>
            {
                if (!BodyReading.Is(http.Request, QueryType))
                {
                    return BodyReading.UnsupportedMediaType(QueryType);
                }

                // Every query gets a TimeStampResp: malformed ones a rejection with failInfo, not an HTTP error.
                // With no usable key (revoked, no successor yet) the systemFailure goes out as a 503, so
                // clients and load balancers retry later or elsewhere instead of taking it as final.
                var reply = await tsa.ReplyAsync(await BodyReading.ReadAllAsync(http.Request, ct), ct);
                if (reply.Unavailable)
                {
                    http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                }

                return Results.Bytes(reply.Response, ReplyType);
            })
            .WithName("TimeStamp").WithTags("Time-stamping")
            .WithSummary("RFC 3161: POST a DER TimeStampReq (application/timestamp-query), get a DER TimeStampResp (application/timestamp-reply).")
            .Accepts<byte[]>(QueryType)
            .Produces(200, contentType: ReplyType).Produces(503, contentType: ReplyType).ProducesProblem(413).ProducesProblem(415)
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimiting.ProtocolPolicy);
        return app;
    }
}
