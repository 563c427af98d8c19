using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// The portal's two languages. Only the UI culture changes with the reader: number and date
/// <em>formatting</em> stays invariant-English so no Core code (messages, logs) ever prints a Buddhist
/// year by accident; the portal formats dates for people itself (<see cref="PortalFormat"/>).
/// </summary>
public static class PortalCultures
{
    /// <summary>The remembered choice (a plain preference, not a secret).</summary>
    public const string CookieName = "pki.lang";

    /// <summary>Thai.</summary>
    public static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th");

    /// <summary>English.</summary>
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>Both, Thai first.</summary>
    public static IReadOnlyList<CultureInfo> All { get; } = [Thai, English];

    /// <summary>True when the reader reads Thai.</summary>
    public static bool IsThai(CultureInfo ui) => ui.TwoLetterISOLanguageName == "th";

    /// <summary>The supported culture named by <paramref name="name"/>, or null.</summary>
    public static CultureInfo? Find(string? name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Request localization: remembered cookie, then Accept-Language, then the default.</summary>
    public static void Configure(RequestLocalizationOptions options, string defaultLanguage)
    {
        var fallback = Find(defaultLanguage) ?? Thai;
        options.DefaultRequestCulture = new RequestCulture(English, fallback);
        options.SupportedCultures = [English];
        options.SupportedUICultures = [.. All];
        options.FallBackToParentUICultures = true;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CookieName },
            new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
        ];
    }
}
