using System.Diagnostics;

namespace Ca.Api.Problems;

/// <summary>What every problem response carries: a type URI, the instance path and a trace id for support.</summary>
internal static class ProblemDetailsDefaults
{
    public const string TypeBase = "https://pki.example/problems/";

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
        {
            problem.Type = TypeBase + (problem.Status switch
            {
                400 => "bad-request",
                401 => "unauthorized",
                403 => "forbidden",
                404 => "not-found",
                405 => "method-not-allowed",
                409 => "conflict",
                413 => "payload-too-large",
                415 => "unsupported-media-type",
                422 => "unprocessable",
                429 => "too-many-requests",
                503 => "service-unavailable",
                _ => "internal-error",
            });
        }

        // Never leak exception text of unexpected failures.
        if (problem.Status >= 500)
        {
            problem.Detail = "An internal error occurred. Quote the traceId when reporting it.";
        }

    }
}
