using Ca.Api.Endpoints;
using Ca.Core.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// What every portal page shares: the caller as Core sees it (the same <see cref="CallerContext"/>
/// the REST endpoints build), the strings, and the way a Core refusal lands next to its field.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    private IStringLocalizer<PortalText>? text;

    /// <summary>The reader's strings.</summary>
    protected IStringLocalizer<PortalText> Text => text ??= HttpContext.RequestServices.GetRequiredService<IStringLocalizer<PortalText>>();

    /// <summary>Who is asking, exactly as the REST API would tell Core.</summary>
    protected CallerContext Caller => HttpCaller.From(HttpContext);

    /// <summary>
    /// Shows a Core refusal next to the form field it concerns. <paramref name="fields"/> maps Core's
    /// field names (<c>csr</c>, <c>subject.CN</c>) to this form's inputs; unmapped ones go to the top.
    /// </summary>
    protected void ShowError(CaException error, IReadOnlyDictionary<string, string>? fields = null, string? fallbackField = null)
    {
        var key = error.Field is { } field && fields is not null && fields.TryGetValue(field, out var input) ? input : fallbackField ?? string.Empty;
        ModelState.AddModelError(key, PortalErrors.Describe(Text, error));
    }

    /// <summary>Adds a localized message for one input.</summary>
    protected void FieldError(string input, string key, params object[] arguments) =>
        ModelState.AddModelError(input, Text[key, arguments].Value);
}
