using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Ca.Api.Problems;

/// <summary>
/// The only problem-details writer: every problem goes out as application/problem+json whatever the
/// request's Accept header says. RFC 9457 lets a server answer an error in its problem format, and a
/// client that asked for DER (Accept: application/pkix-cert) or HTML learns more from a JSON problem
/// than from nothing; the framework's writer declines such requests, which turned every 401, 403, 404,
/// 413 and 429 they met into an empty 500. Client errors are logged here, once per burst and status.
/// </summary>
internal sealed class ProblemJsonWriter(
    IOptions<ProblemDetailsOptions> problemOptions,
    IOptions<JsonOptions> jsonOptions,
    ClientErrorLog clientErrors,
    ILogger<ProblemJsonWriter> logger) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (http.Response.HasStarted)
        {
            return ValueTask.CompletedTask;
        }

        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        http.Response.StatusCode = status;
        if (string.IsNullOrEmpty(problem.Title))
        {
            var phrase = ReasonPhrases.GetReasonPhrase(status);
            problem.Title = phrase.Length > 0 ? phrase : "Error";
        }

        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        if (status is >= 400 and < 500)
        {
            LogClientError(http, problem);
        }

        var typeInfo = jsonOptions.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, typeInfo, ContentType, http.RequestAborted));
    }

    private void LogClientError(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (!logger.IsEnabled(LogLevel.Information) || !clientErrors.ShouldLog("status:" + problem.Status, out var suppressed))
        {
            return;
        }

        logger.LogInformation(
            "Client error {Status} ({Type}) on {Method} {Path}; {Suppressed} more with this status were not logged since the previous line",
            problem.Status, problem.Type, http.Request.Method, http.Request.Path, suppressed);
    }
}
