using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.KeyRing;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;

namespace Ca.Api.Portal.People;

/// <summary>
/// People sign in with ASP.NET Core Identity and a cookie; machines keep their API keys. A policy
/// scheme picks one per request: the REST API, protocol endpoints and any request that presents a key
/// use the API-key scheme (so the API never honours a cookie and needs no CSRF defence); portal pages
/// use the session cookie.
/// </summary>
internal static class PortalAuthentication
{
    public const string Scheme = "pki";

    public static void AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var idle = configuration.GetSection("Pki:Portal").Get<PortalOptions>()?.IdleTimeout ?? new PortalOptions().IdleTimeout;
        services.AddIdentityCore<PortalUser>(o =>
            {
                // NIST SP 800-63B: length, not composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager<PortalSignInManager>()
            .AddTokenProvider<DataProtectorTokenProvider<PortalUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<PortalUser>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<PortalClaims>();
        services.AddScoped<IUserStore<PortalUser>, PortalUserStore>();
        services.AddScoped<PeopleDirectory>();
        services.AddSingleton<Ca.Core.People.PersonCertificateService>();
        services.AddSingleton(sp => new SignInAudit(sp.GetRequiredService<Ca.Core.Audit.AuditService>(), sp.GetRequiredService<AuthenticationFailureMonitor>()));
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = CertificateSessions.KeepMethodOnRefresh;
        });

        // Cookie and token keys are encrypted under the KEK and kept in the database: sessions survive a restart,
        // every instance honours them, and a copied table or backup is useless without the KEK. A configured
        // Pki:Portal:KeyRingDirectory keeps them in that folder instead.
        services.AddSingleton<IXmlRepository>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<PortalOptions>>().Value.KeyRingDirectory)
                ? new DatabaseXmlRepository(sp.GetRequiredService<Ca.Storage.Stores.DataProtectionKeyStore>(), sp.GetRequiredService<TimeProvider>())
                : PortalKeyRing.FolderRepository(sp));
        services.AddPortalKeyRing();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultAuthenticateScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "API key or portal session", o => o.ForwardDefaultSelector = Select)
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie!.Configure(o =>
                {
                    o.Cookie.Name = "pki.session";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.ExpireTimeSpan = idle;
                    o.SlidingExpiration = true;
                    o.LoginPath = "/signin";
                    o.LogoutPath = "/signout";
                    o.AccessDeniedPath = "/error/403";
                    o.ReturnUrlParameter = "returnUrl";

                    // Identity's security-stamp check, then: a session opened with a certificate lasts only while it signs the person in.
                    var securityStamp = o.Events.OnValidatePrincipal;
                    o.Events.OnValidatePrincipal = async context =>
                    {
                        await securityStamp(context);
                        await CertificateSessions.ValidateAsync(context);
                    };

                    // A signed-in person without the role gets a real 403 (rendered as the portal's page), not a redirect.
                    o.Events.OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    };
                });
                cookies.TwoFactorUserIdCookie!.Configure(o =>
                {
                    o.Cookie.Name = "pki.2fa";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                });
                cookies.TwoFactorRememberMeCookie!.Configure(o => o.Cookie.SameSite = SameSiteMode.Strict);
                cookies.ExternalCookie!.Configure(o => o.Cookie.SameSite = SameSiteMode.Strict);
            });
    }

    /// <summary>API key (or mutual TLS) for the API, protocols and anyone presenting a key; the session cookie for pages.</summary>
    private static string Select(HttpContext context)
    {
        var request = context.Request;
        var presentsKey = request.Headers.ContainsKey("Authorization") || request.Headers.ContainsKey("X-Api-Key");
        return presentsKey || !PortalRequests.IsPortal(request.Path) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme;
    }
}
