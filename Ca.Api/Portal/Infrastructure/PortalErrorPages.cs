using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// The last safety net for portal pages: an exception that escaped a page (a view that failed while
/// rendering) is logged and the request is run again as <c>/error/500</c>, so a browser gets a page in
/// its language with a trace id and never a stack trace or problem JSON.
/// </summary>
internal sealed class PortalErrorPages(RequestDelegate next, ILogger<PortalErrorPages> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Portal request {Path} failed", context.Request.Path);
            var originalPath = context.Request.Path;
            context.Response.Clear();
            context.SetEndpoint(null);
            context.Features.Get<IRouteValuesFeature>()?.RouteValues.Clear();
            context.Request.Path = "/error/500";
            context.Request.Method = HttpMethods.Get;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Path = originalPath;
            }
        }
    }
}
