using Ca.Api.Portal.People;
using Ca.Core.Accounts;
using Ca.Core.Common;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace Ca.Tests.Portal;

/// <summary>One service on a real port with a real SQLite file, and one headless Chromium, shared by the portal tests.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalServer>
{
    public const string Name = "portal";
}

/// <summary>A person the tests created, with what they need to sign in.</summary>
public sealed record TestPerson(string UserName, string Id, string OrganizationId, string? TotpKey);

/// <summary>
/// The portal under test: the real service (Kestrel, SQLite file) and Debian's Chromium driven by
/// Playwright (browsers cannot be downloaded here, so Playwright is pointed at /usr/bin/chromium).
/// People are arranged through the service's own classes, as an admin would create them; what is
/// under test happens in the browser.
/// </summary>
public sealed class PortalServer : IAsyncLifetime
{
    public const string Password = "a long enough test password";

    /// <summary>
    /// How long a browser action, navigation or expectation may wait for the page: generous, because on a loaded
    /// 2-core machine one post (a key generated, a document signed) can take many seconds; never a speed.
    /// </summary>
    public const float ActionTimeout = 90_000;
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public PortalServer()
    {
        Tls = new TestTls();
        Api = new PortalApiFactory(Tls.ServerCertificate);
    }

    /// <summary>The service: HTTP for most tests, HTTPS (asking for client certificates) for certificate sign-in.</summary>
    public PortalApiFactory Api { get; }

    /// <summary>The test root and the server certificate behind the HTTPS listener.</summary>
    public TestTls Tls { get; }

    public string BaseUrl => Api.BaseUrl;

    /// <summary>The playwright driver, for tests that launch a browser of their own (a client-certificate profile).</summary>
    public IPlaywright Playwright => playwright ?? throw new InvalidOperationException("Not started.");

    /// <summary>Debian's Chromium, and the switches every launch uses.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("PKI_CHROMIUM") ?? "/usr/bin/chromium";

    public static IReadOnlyList<string> ChromiumSwitches => ChromiumArgs;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(ActionTimeout);
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        Api.Dispose();
        Tls.Dispose();
    }

    /// <summary>A fresh browser context (its own cookies) in the given language.</summary>
    public async Task<IPage> NewPageAsync(string language = "en", int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = language == "th" ? "th-TH" : "en-US",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,

            // axe-core is injected as a script; the portal's CSP (script-src 'self') would refuse it.
            BypassCSP = true,
        });
        context.SetDefaultTimeout(ActionTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>An organization (account) with the given API-key roles.</summary>
    public async Task<string> OrganizationAsync(string name, params string[] roles)
    {
        var accounts = Api.Services.GetRequiredService<AccountService>();
        return (await accounts.CreateAsync(name, roles.Length == 0 ? [Roles.Requester] : roles, CallerContext.System("test"), default)).Id;
    }

    /// <summary>A person with a password (set through their one-time token) and, if asked, an enrolled authenticator.</summary>
    public async Task<TestPerson> PersonAsync(string organizationId, string userName, string[] roles, bool totp)
    {
        using var scope = Api.Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<PeopleDirectory>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var link = await directory.CreateAsync(organizationId, userName, userName + " Tester", roles, CallerContext.System("test"), default);
        var user = link.Person;
        Assert.True((await users.ResetPasswordAsync(user, link.Token, Password)).Succeeded);
        string? key = null;
        if (totp)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return new TestPerson(userName, user.Id, organizationId, key);
    }

    /// <summary>The current RFC 6238 code, computed by an independent implementation (Otp.NET).</summary>
    public static string Totp(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    /// <summary>
    /// Signs in through the sign-in page (English labels), with the code when the person has an authenticator.
    /// Signing in is the arrangement of most portal tests, not their subject (the sign-in tests drive the form
    /// themselves): a submission that leaves the browser on the sign-in page is tried once more, and when the
    /// second one fails too the failure shows what the page said both times. One full run on CI stayed on
    /// /signin once without saying why.
    /// </summary>
    public static async Task SignInAsync(IPage page, TestPerson person, string password = Password)
    {
        var first = await TrySignInAsync(page, person, password, TimeSpan.FromMilliseconds(ActionTimeout));
        if (first is null)
        {
            return;
        }

        var second = await TrySignInAsync(page, person, password, TimeSpan.FromMilliseconds(ActionTimeout));
        if (second is not null)
        {
            throw new Xunit.Sdk.XunitException($"Signing in as {person.UserName} left the browser on the sign-in page twice.\nFirst: {first}\nSecond: {second}");
        }
    }

    /// <summary>One submission of the sign-in form; null when the browser left the sign-in page, else where it stayed and what the page said.</summary>
    private static async Task<string?> TrySignInAsync(IPage page, TestPerson person, string password, TimeSpan wait)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(person.UserName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        if (person.TotpKey is { } key)
        {
            await page.GetByLabel("Six-digit code").FillAsync(Totp(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }

        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { Timeout = (float)wait.TotalMilliseconds });
            return null;
        }
        catch (TimeoutException)
        {
            return $"{page.Url}: {await page.InnerTextAsync("body")}";
        }
    }

    /// <summary>Where the tests leave screenshots: docs/screenshots when PKI_UPDATE_SCREENSHOTS=1 (to refresh the committed set), else a temp folder.</summary>
    public static string ScreenshotDirectory { get; } = ResolveScreenshotDirectory();

    private static string ResolveScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("PKI_UPDATE_SCREENSHOTS") == "1")
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PkiService.sln")))
                {
                    return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screenshots")).FullName;
                }
            }
        }

        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pki-portal-screenshots")).FullName;
    }
}
