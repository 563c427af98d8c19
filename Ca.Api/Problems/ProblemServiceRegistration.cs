using Ca.Api.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ca.Api.Problems;

/// <summary>Problem details for every error: the writer, the exception mapping, binding failures, quiet logs.</summary>
internal static class ProblemServiceRegistration
{
    public static WebApplicationBuilder AddPkiProblems(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);

        // One writer that never declines (see ProblemJsonWriter): the framework's default one refuses a
        // request whose Accept does not admit JSON, and IProblemDetailsService.WriteAsync then throws.
        services.RemoveAll<IProblemDetailsWriter>();
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.TryAddSingleton<ClientErrorLog>();
        services.AddExceptionHandler<CaExceptionHandler>();

        // Minimal APIs answer a parameter they cannot bind (?page=abc, ?page=99999999999) with a bare 400
        // outside Development; thrown instead, it reaches CaExceptionHandler and becomes a problem that
        // names the parameter, the same in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // The authentication base class logs every anonymous challenge and forbid at Information: a line
        // per rejected request. The handler logs failures itself, once per burst (ClientErrorLog).
        builder.Logging.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        return builder;
    }
}
