using Ca.Api.Startup;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Ca.Api.Problems;

/// <summary>
/// Applies the endpoint's body size limit (its <see cref="IRequestSizeLimitMetadata"/>, else the
/// configured default) before any handler reads the body: an announced oversized body is refused with
/// a 413 problem at once; a chunked one is cut off by the server feature when it passes the limit.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<LimitsOptions> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? limits.Value.MaxRequestBodyBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        if (limit is { } max && context.Request.ContentLength > max)
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"This endpoint accepts at most {max} bytes.");
            return;
        }

        await next(context);
    }
}
