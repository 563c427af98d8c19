using System.Text.Json;
using Ca.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Problems;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: Core's expected failures by their kind,
/// malformed HTTP (bad JSON, too large) by what the server says, anything else as an opaque 500.
/// </summary>
internal sealed class CaExceptionHandler(IProblemDetailsService problems, ILogger<CaExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            CaException ca => FromCaException(ca),
            BadHttpRequestException bad => FromBadHttpRequest(bad),
            JsonException json => new ProblemDetails { Status = 400, Title = "Malformed JSON", Detail = json.Message },
            Ca.Core.Documents.TimeStampUnavailableException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Time-stamping unavailable",
                Detail = "The time-stamp authority did not grant a token; retry, or sign with timestamp=false.",
            },
            _ when Ca.Core.Keys.KeyUnavailableException.FindIn(exception) is { } unavailable => KeyUnavailable(httpContext, unavailable),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Internal error" };
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromCaException(CaException e)
    {
        var status = e.Kind switch
        {
            CaErrorKind.BadRequest => 400,
            CaErrorKind.Unprocessable => 422,
            CaErrorKind.NotFound => 404,
            CaErrorKind.Conflict => 409,
            CaErrorKind.Forbidden => 403,
            _ => 500,
        };
        var problem = new ProblemDetails
        {
            Status = status,
            Type = ProblemDetailsDefaults.TypeBase + e.Code,
            Title = Titleize(e.Code),
            Detail = e.Message,
        };
        problem.Extensions["code"] = e.Code;
        if (e.Errors is not null)
        {
            problem.Extensions["errors"] = e.Errors;
        }
        else if (e.Field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message] };
        }

        return problem;
    }

    /// <summary>A token outage: 503 with Retry-After, so clients and load balancers come back rather than give up.</summary>
    private ProblemDetails KeyUnavailable(HttpContext httpContext, Ca.Core.Keys.KeyUnavailableException unavailable)
    {
        logger.LogWarning("Signing key unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, unavailable.Message);
        httpContext.Response.Headers.RetryAfter = "5";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ProblemDetailsDefaults.TypeBase + "key-unavailable",
            Title = "Signing key unavailable",
            Detail = "The key that must sign this is on a hardware token that is not answering. Retry shortly.",
        };
        problem.Extensions["code"] = "key-unavailable";
        return problem;
    }

    private static ProblemDetails FromBadHttpRequest(BadHttpRequestException bad)
    {
        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => "Malformed request",
            },
            Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body exceeds the limit for this endpoint." : Describe(bad),
        };
        if (BindingFailure.ParameterName(bad) is { } parameter)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [parameter] = [problem.Detail] };
        }

        return problem;
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"The JSON body is malformed: {json.Message}" : bad.Message;

    private static string Titleize(string code) =>
        string.Concat(code.Replace('-', ' ').Select((c, i) => i == 0 ? char.ToUpperInvariant(c) : c));
}
