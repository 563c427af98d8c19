namespace Ca.Api.Problems;

/// <summary>
/// Writes a problem from places that have no endpoint result to return (middleware, the authentication
/// handler's challenge and forbid, the rate limiter's refusal), through the same writer as everything else.
/// </summary>
internal static class ProblemResponse
{
    public static ValueTask WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
