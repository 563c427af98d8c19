using System.Diagnostics;
using System.Globalization;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Errors;

/// <summary>
/// Every portal error in the reader's language: what happened in plain words, Core's reason when
/// there is one, and a trace id to quote. Never a stack trace.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PortalPageModel
{
    public string Title { get; private set; } = string.Empty;

    public string Explanation { get; private set; } = string.Empty;

    public string? Reason { get; private set; }

    public string TraceId { get; private set; } = string.Empty;

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        // Reached directly (/error/404) or re-executed for a failed request: answer with that status. It is read
        // from the route, not model-bound: binding also reads the form, and a re-executed post whose form cannot be
        // read (a NUL in a value) would lose the code and turn the refusal's 400 into a 500.
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var status = code is >= 400 and <= 599 ? code.Value : StatusCodes.Status500InternalServerError;
        Response.StatusCode = status;

        var key = status switch
        {
            400 => "400",
            403 => "403",
            404 => "404",
            409 => "409",
            413 => "413",
            422 => "422",
            429 => "429",
            >= 500 => "500",
            _ => "Other",
        };
        Title = Text[$"Error.{key}.Title"];
        Explanation = Text[$"Error.{key}.Text"];
        if (HttpContext.Items[PortalExceptionFilter.ErrorItem] is CaException error)
        {
            Reason = PortalErrors.Describe(Text, error);
        }

        TraceId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
    }
}
