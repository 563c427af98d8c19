using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal;

/// <summary>
/// The portal for people, served by Ca.Api itself as Razor Pages: server-rendered HTML forms that
/// work without JavaScript, with antiforgery on every post, calling the same Core services as the
/// REST endpoints. Razor Pages rather than Blazor static SSR: every page here is a form or a table,
/// one page model per URL with an OnGet/OnPost pair is the whole pattern, and antiforgery and model
/// state come built in, with no component runtime to learn or ship.
/// </summary>
internal static class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection("Pki:Portal"));
        services.AddSingleton<PortalFormat>();
        services.AddSingleton<Ca.Core.Revocation.CertificateStatusLookup>();
        services.AddSingleton<CertificateFiles>();
        services.AddSingleton<Names>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");

        // Thai text goes out as text, not as &#xE2B; entities: readable source, a third of the bytes.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings =
            new System.Text.Encodings.Web.TextEncoderSettings(
                System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Latin1Supplement,
                System.Text.Unicode.UnicodeRanges.Thai, System.Text.Unicode.UnicodeRanges.GeneralPunctuation));
        services.AddOptions<RequestLocalizationOptions>()
            .Configure<IOptions<PortalOptions>>((o, portal) => PortalCultures.Configure(o, portal.Value.DefaultLanguage));
        services.AddRazorPages(o => o.RootDirectory = "/Portal")
            .AddMvcOptions(o => o.Filters.Add<PortalExceptionFilter>());
        services.AddPortalAuthentication(builder.Configuration);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pki.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });
        return builder;
    }

    /// <summary>
    /// Static files, then for portal paths only: HTML error pages, the reader's language and the
    /// portal's content security policy. Machine endpoints keep problem details untouched.
    /// </summary>
    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=86400",
        });
        app.UseWhen(context => PortalRequests.IsPortal(context.Request.Path), portal =>
        {
            portal.UseWhen(context => PortalRequests.AcceptsHtml(context.Request), browser =>
            {
                browser.UseMiddleware<PortalErrorPages>();
                browser.UseStatusCodePagesWithReExecute("/error/{0}");
            });
            portal.UseRequestLocalization();
            portal.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
                    {
                        context.Response.Headers.ContentSecurityPolicy = PortalRequests.ContentSecurityPolicy;
                        context.Response.Headers.CacheControl = "no-store";
                    }

                    return Task.CompletedTask;
                });
                return next(context);
            });
        });
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapRazorPages();

        // The language switch: a plain link on every page (works without script), remembered for a year.
        app.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext http) =>
            {
                var chosen = PortalCultures.Find(culture);
                if (chosen is not null)
                {
                    http.Response.Cookies.Append(
                        PortalCultures.CookieName,
                        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(PortalCultures.English, chosen)),
                        new CookieOptions
                        {
                            MaxAge = TimeSpan.FromDays(365),
                            IsEssential = true,
                            HttpOnly = true,
                            SameSite = SameSiteMode.Lax,
                            Secure = http.Request.IsHttps,
                        });
                }

                var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
                    ? returnUrl
                    : "/";
                return Results.Redirect(target);
            })
            .ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
