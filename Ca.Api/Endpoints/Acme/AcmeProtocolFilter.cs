using System.Text.Json;
using Ca.Core.Acme;
using Ca.Core.Common;

namespace Ca.Api.Endpoints.Acme;

/// <summary>
/// What every ACME response carries and how every ACME failure is told: a fresh Replay-Nonce
/// (RFC 8555 6.5), the directory as Link rel="index" (7.1), no caching, and refusals as
/// <c>urn:ietf:params:acme:error:*</c> problem documents rather than the REST API's problem types.
/// </summary>
internal sealed class AcmeProtocolFilter(ReplayNonces nonces, ILogger<AcmeProtocolFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var urls = new AcmeUrls(http.Request);
        if (!http.Request.Path.StartsWithSegments(AcmeUrls.Prefix + "/directory"))
        {
            http.Response.Headers.Append("Link", $"<{urls.Directory}>;rel=\"index\"");
        }

        http.Response.Headers.CacheControl = "no-store";
        try
        {
            // Stored in the shared database before it is handed out, so any instance can redeem it.
            if (HttpMethods.IsPost(http.Request.Method) || http.Request.Path.StartsWithSegments(AcmeUrls.Prefix + "/new-nonce"))
            {
                http.Response.Headers["Replay-Nonce"] = await nonces.IssueAsync(http.RequestAborted);
            }

            return await next(context);
        }
        catch (AcmeException e)
        {
            await AcmeResults.WriteProblemAsync(http, e);
        }
        catch (CaException e)
        {
            await AcmeResults.WriteProblemAsync(http, e.Kind switch
            {
                CaErrorKind.NotFound => new AcmeException(AcmeErrors.Malformed, e.Message, 404),
                CaErrorKind.Conflict => new AcmeException(AcmeErrors.Malformed, e.Message, 409),
                CaErrorKind.Forbidden => AcmeException.Unauthorized(e.Message),
                _ => AcmeException.Malformed(e.Message),
            });
        }
        catch (BadHttpRequestException e)
        {
            await AcmeResults.WriteProblemAsync(http, new AcmeException(AcmeErrors.Malformed, e.StatusCode == 413 ? "The request body is too large." : e.Message, e.StatusCode));
        }
        catch (JsonException e)
        {
            await AcmeResults.WriteProblemAsync(http, AcmeException.Malformed("Malformed JSON: " + e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "ACME request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            await AcmeResults.WriteProblemAsync(http, new AcmeException(AcmeErrors.ServerInternal, "An internal error occurred.", 500));
        }

        return Results.Empty;
    }
}
