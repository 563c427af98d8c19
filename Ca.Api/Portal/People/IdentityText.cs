using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Ca.Api.Portal.People;

/// <summary>Identity's refusals (too short, taken, expired link) in the reader's language, by their stable code.</summary>
internal static class IdentityText
{
    public static string Describe(IStringLocalizer localizer, IdentityError error)
    {
        var text = localizer["Identity." + error.Code];
        return text.ResourceNotFound ? localizer["Identity.DefaultError"] : text;
    }
}
