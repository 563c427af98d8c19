using Ca.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Portal pages never show an exception: a Core refusal the page did not place next to a field
/// becomes the error page with its status and a sentence in the reader's language; anything else is
/// logged and becomes a 500 page with the trace id. Kept inside the portal so the REST API's problem
/// details stay exactly as they are.
/// </summary>
internal sealed class PortalExceptionFilter(ILogger<PortalExceptionFilter> logger) : IAsyncPageFilter
{
    /// <summary>HttpContext item the error page reads: the Core error to describe.</summary>
    public const string ErrorItem = "portal.error";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled)
        {
            return;
        }

        var http = context.HttpContext;
        if (executed.Exception is CaException error)
        {
            http.Items[ErrorItem] = error;
            executed.Result = new StatusCodeResult(PortalErrors.StatusOf(error));
        }
        else
        {
            logger.LogError(executed.Exception, "Portal page {Path} failed", http.Request.Path);
            executed.Result = new StatusCodeResult(StatusCodes.Status500InternalServerError);
        }

        executed.ExceptionHandled = true;
    }
}
