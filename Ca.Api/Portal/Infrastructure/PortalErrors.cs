using Ca.Core.Common;
using Microsoft.Extensions.Localization;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Core's refusals in the reader's language: each stable <see cref="CaException.Code"/> has a key
/// <c>Error.{code}</c>; a code without one (a newer Core rule) still gets a sentence in the reader's
/// language that names the code, never the English detail or a stack trace.
/// </summary>
public static class PortalErrors
{
    /// <summary>The sentence to show next to the field (or at the top of the form).</summary>
    public static string Describe(IStringLocalizer localizer, CaException error)
    {
        var specific = localizer["Error." + error.Code];
        return specific.ResourceNotFound ? localizer["Error.Generic", error.Code].Value : specific.Value;
    }

    /// <summary>The HTTP status a Core refusal stands for, for a page that cannot show it next to a field.</summary>
    public static int StatusOf(CaException error) => error.Kind switch
    {
        CaErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        CaErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        CaErrorKind.NotFound => StatusCodes.Status404NotFound,
        CaErrorKind.Conflict => StatusCodes.Status409Conflict,
        CaErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status500InternalServerError,
    };
}
