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
                var reply = await tsa.RespondAsync(await BodyReading.ReadAllAsync(http.Request, ct), ct);
                return Results.Bytes(reply, ReplyType);
            })
            .WithName("TimeStamp").WithTags("Time-stamping")
            .WithSummary("RFC 3161: POST a DER TimeStampReq (application/timestamp-query), get a DER TimeStampResp (application/timestamp-reply).")
            .Accepts<byte[]>(QueryType)
            .Produces(200, contentType: ReplyType).ProducesProblem(413).ProducesProblem(415)
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimiting.ProtocolPolicy);
        return app;
    }
}
