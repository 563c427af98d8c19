using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Issuance;
using Ca.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ca.Tests.Portal;

/// <summary>
/// Every main page in both languages: no serious accessibility violation (axe-core), a screenshot of
/// each, and no string left untranslated when the language switch is used. Plus the guards: forms
/// without their antiforgery token, pages above one's role, and lockout.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class PortalPagesTests(PortalServer server)
{
    private static readonly string[] Anonymous = ["/", "/verify", "/status", "/ca-certificates", "/signin", "/setup"];

    [Fact]
    public async Task EveryPage_BothLanguages_NoSeriousAccessibilityViolation_NothingUntranslated()
    {
        var pages = await MainPagesAsync();
        var english = EnglishStrings();
        var anonymous = await server.NewPageAsync("en");
        var staff = await server.NewPageAsync("en");
        await PortalServer.SignInAsync(staff, pages.First(p => p.Person is not null).Person!);
        foreach (var (path, name, person) in pages)
        {
            var page = person is null ? anonymous : staff;
            await page.GotoAsync($"/language/en?returnUrl={Uri.EscapeDataString(path)}");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await PageChecks.AssertAccessibleAsync(page);
            await PageChecks.ScreenshotAsync(page, name, "en");
            var englishTexts = await PageChecks.VisibleTextsAsync(page);

            // The switch on the page itself, remembered by a cookie for the next page.
            await page.GetByRole(AriaRole.Link, new() { Name = "ภาษาไทย" }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "th");
            await PageChecks.AssertAccessibleAsync(page);
            await PageChecks.ScreenshotAsync(page, name, "th");
            var thaiTexts = await PageChecks.VisibleTextsAsync(page);

            var untranslated = Untranslated(englishTexts, thaiTexts, english);
            Assert.True(untranslated.Count == 0, $"{path}: untranslated on the Thai page: {string.Join(" | ", untranslated)}");
            Assert.DoesNotContain(thaiTexts, t => ResourceKey().IsMatch(t));
        }
    }

    [Fact]
    public async Task HomePage_Phone_LanguageFollowsAcceptLanguage_LinksToVerifyAndSignIn()
    {
        var thai = await server.NewPageAsync("th", width: 390);
        await thai.GotoAsync("/");
        await Assertions.Expect(thai.Locator("html")).ToHaveAttributeAsync("lang", "th");
        await Assertions.Expect(thai.GetByRole(AriaRole.Link, new() { Name = "ตรวจสอบเอกสารหรือใบรับรอง" })).ToHaveAttributeAsync("href", "/verify");
        await Assertions.Expect(thai.GetByRole(AriaRole.Link, new() { Name = "เข้าสู่ระบบ" }).First).ToHaveAttributeAsync("href", "/signin");
        var overflow = await thai.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The home page scrolls sideways on a 390 px phone.");
        await PageChecks.ScreenshotAsync(thai, "home-phone", "th");

        var english = await server.NewPageAsync("en");
        await english.GotoAsync("/");
        await Assertions.Expect(english.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(english.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Get, check and revoke e-certificates in one place");
    }

    [Fact]
    public async Task ThaiDates_BuddhistEra_EnglishDates_Iso()
    {
        var page = await server.NewPageAsync("th");
        await page.GotoAsync("/ca-certificates");
        var validFrom = page.Locator("dd time").First;
        var thaiValidity = await validFrom.InnerTextAsync();

        // The year of the date shown (its machine-readable form), not of today: a run may cross New Year.
        var year = int.Parse((await validFrom.GetAttributeAsync("datetime"))![..4], CultureInfo.InvariantCulture);
        Assert.Contains((year + 543).ToString(CultureInfo.InvariantCulture), thaiValidity);

        await page.GotoAsync("/language/en?returnUrl=/ca-certificates");
        var englishValidity = await page.Locator("dd time").First.InnerTextAsync();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", englishValidity);
    }

    [Fact]
    public async Task Form_WithoutAntiforgeryToken_IsRefused_AsAPage()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("th");
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"); // as a browser sends
        var response = await http.PostAsync($"{server.BaseUrl}/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "someone", ["Password"] = "whatever it is" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ไม่สามารถรับแบบฟอร์มนี้ได้", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Requester_OpeningOfficerPage_Gets403()
    {
        var org = await server.OrganizationAsync("Forbidden Co");
        var requester = await server.PersonAsync(org, "req-forbidden", [Roles.Requester], totp: false);
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, requester);

        var response = await page.GotoAsync("/officer");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You may not open this page");
    }

    [Fact]
    public async Task Officer_WithoutAuthenticator_HasNoOfficerRoleUntilEnrolled()
    {
        var staff = await server.OrganizationAsync("CA Operations Enrol", Roles.Officer);
        var officer = await server.PersonAsync(staff, "officer-enrol", [Roles.Officer], totp: false);
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, officer);
        Assert.EndsWith("/account/two-factor", page.Url);
        Assert.Equal(403, (await page.GotoAsync("/officer"))!.Status);

        await page.GotoAsync("/account/two-factor");
        var secret = (await page.Locator("#secret").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        await page.GetByLabel("Six-digit code").FillAsync(PortalServer.Totp(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and turn on" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Your authenticator app is set up.")).ToBeVisibleAsync();
        Assert.Equal(200, (await page.GotoAsync("/officer"))!.Status);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksOut_EvenTheRightPasswordThen()
    {
        var org = await server.OrganizationAsync("Lockout Co");
        var person = await server.PersonAsync(org, "req-lockout", [Roles.Requester], totp: false);
        var page = await server.NewPageAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await page.GotoAsync("/signin");
            await page.GetByLabel("User name", new() { Exact = true }).FillAsync(person.UserName);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password " + attempt);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked for 15 minutes");
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(person.UserName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PortalServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked for 15 minutes");
        Assert.EndsWith("/signin", page.Url);

        var audit = server.Api.Services.GetRequiredService<AuditService>();
        var lockedOut = await audit.QueryAsync(new AuditQuery { Action = AuditActions.PersonLockedOut, Target = person.Id }, default);
        var failures = await audit.QueryAsync(new AuditQuery { Action = AuditActions.SignInFailed, Target = person.Id }, default);
        Assert.Equal(1, lockedOut.Total);
        Assert.Equal(6, failures.Total);
    }

    [Fact]
    public void Resources_ThaiAndEnglish_HaveTheSameKeys()
    {
        var manager = new ResourceManager("Ca.Api.Resources.PortalText", typeof(Ca.Api.PortalText).Assembly);
        var english = Keys(manager.GetResourceSet(CultureInfo.GetCultureInfo("en"), true, false));
        var thai = Keys(manager.GetResourceSet(CultureInfo.GetCultureInfo("th"), true, false));

        Assert.True(english.Count > 300, $"only {english.Count} English strings");
        Assert.Empty(english.Except(thai));
        Assert.Empty(thai.Except(english));
    }

    /// <summary>
    /// Verification reports reach people by code: every warning code Core can give, and every
    /// sub-indication, has its own explanation in both languages, and the Thai one is Thai.
    /// </summary>
    [Fact]
    public void Resources_EveryWarningCodeAndSubIndication_ExplainedInThaiAndEnglish()
    {
        var manager = new ResourceManager("Ca.Api.Resources.PortalText", typeof(Ca.Api.PortalText).Assembly);
        var codes = typeof(Ca.Core.Validation.ValidationWarningCodes).GetFields()
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(codes.Order(), Ca.Core.Validation.ValidationWarningCodes.All.Order());
        var keys = codes.Select(code => "Verify.Warning." + code)
            .Concat(Enum.GetNames<Ca.Core.Validation.ValidationSubIndication>().Select(sub => "Verify.Sub." + sub))
            .Concat(Enum.GetNames<Ca.Core.Acme.AcmeAccountStatus>().Select(status => "Acme.Status." + status))
            .Concat(Enum.GetNames<Ca.Core.People.CertificateSignInFailure>().Select(failure => "SignIn.Certificate." + failure));

        foreach (var key in keys)
        {
            var english = manager.GetString(key, CultureInfo.GetCultureInfo("en"));
            var thai = manager.GetString(key, CultureInfo.GetCultureInfo("th"));
            Assert.False(string.IsNullOrWhiteSpace(english), $"{key} has no English text");
            Assert.False(string.IsNullOrWhiteSpace(thai), $"{key} has no Thai text");
            Assert.NotEqual(english, thai);
            Assert.Matches(ThaiLetters(), thai!);
        }
    }

    /// <summary>Text on the Thai page that is an English portal string, or an English sentence that did not change at all.</summary>
    private static List<string> Untranslated(IReadOnlyList<string> englishPage, IReadOnlyList<string> thaiPage, IReadOnlySet<string> englishStrings)
    {
        var sameOnBoth = englishPage.ToHashSet(StringComparer.Ordinal);
        return thaiPage.Where(text =>
                !ThaiLetters().IsMatch(text) &&
                (englishStrings.Contains(text) || (sameOnBoth.Contains(text) && EnglishWords().Matches(text).Count >= 3)))
            .Where(text => !Allowed.Contains(text))
            .Distinct()
            .ToList();
    }

    /// <summary>The same in both languages on purpose: the other language's own name, and technical names.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "English", "CRL", "CA", "PkiService" };

    private static HashSet<string> EnglishStrings()
    {
        var manager = new ResourceManager("Ca.Api.Resources.PortalText", typeof(Ca.Api.PortalText).Assembly);
        var english = manager.GetResourceSet(CultureInfo.GetCultureInfo("en"), true, false)!;
        var thai = manager.GetResourceSet(CultureInfo.GetCultureInfo("th"), true, false)!;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in english)
        {
            var value = (string)entry.Value!;
            if (value != thai.GetString((string)entry.Key) && !value.Contains('{', StringComparison.Ordinal))
            {
                set.Add(value);
            }
        }

        return set;
    }

    private static HashSet<string> Keys(ResourceSet? set) =>
        set is null ? [] : set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The main pages with the person to see them as: anonymous, or a staff member with every role and an authenticator.</summary>
    private async Task<List<(string Path, string Name, TestPerson? Person)>> MainPagesAsync()
    {
        var org = await server.OrganizationAsync("Screenshot Co Ltd", Roles.Requester);
        var staff = await server.PersonAsync(org, "staff-all", [.. Roles.All], totp: true);
        var services = server.Api.Services;
        var caller = new CallerContext(staff.Id, Roles.All.ToHashSet(), null, org);
        using var openssl = new OpenSslCli();
        openssl.Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-subj", "/C=TH/O=Screenshot Co Ltd/CN=Screenshot Co Ltd", "-out", "req.csr").EnsureSuccess();
        var csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "req.csr"));
        var issuance = services.GetRequiredService<IssuanceService>();
        var pending = await issuance.SubmitAsync(new IssuanceRequest { Profile = "organization", Csr = csr }, new CallerContext(org, new HashSet<string> { Roles.Requester }), default);
        openssl.Run("req", "-new", "-key", "key.pem", "-subj", "/CN=www.screenshot.example.co.th", "-addext", "subjectAltName=DNS:www.screenshot.example.co.th", "-out", "tls.csr").EnsureSuccess();
        var issued = await issuance.SubmitAsync(new IssuanceRequest { Profile = "tls-server", Csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "tls.csr")) }, caller, default);
        await services.GetRequiredService<DocumentSignerService>().CreateAsync(
            new CreateSignerRequest("Invoices seal", new Dictionary<string, string> { ["CN"] = "Screenshot Co Ltd e-seal", ["O"] = "Screenshot Co Ltd", ["C"] = "TH" }, null, org), CallerContext.System("test"), default);
        var serial = issued.Certificate!.SerialNumber;
        return
        [
            .. Anonymous.Select(p => (p, p == "/" ? "home" : p.Trim('/'), (TestPerson?)null)),
            ($"/status?serial={serial}", "status-result", null),
            ("/dashboard", "dashboard", staff),
            ("/requests/new", "new-request", staff),
            ("/requests/new?profile=tls-client", "new-request-step2", staff),
            ($"/requests/{pending.Request.Id}", "request", staff),
            ($"/certificates/{serial}", "certificate", staff),
            ("/signers", "signers", staff),
            ("/acme-accounts", "acme-accounts", staff),
            ("/account", "account", staff),
            ("/officer", "officer-queue", staff),
            ($"/officer/requests/{pending.Request.Id}", "officer-review", staff),
            ("/officer/certificates?Subject=Screenshot", "officer-search", staff),
            ("/officer/certificates?ExpiringBefore=31%2F02%2F2569", "officer-search-date-error", staff),
            ("/officer/cas", "officer-cas", staff),
            ("/audit", "audit", staff),
            ("/admin", "admin", staff),
            ($"/admin/organizations/{org}", "admin-organization", staff),
            ($"/admin/people/{staff.Id}", "admin-person", staff),
            ("/no-such-page", "not-found", null),
        ];
    }

    [GeneratedRegex(@"[\u0E00-\u0E7F]")]
    private static partial Regex ThaiLetters();

    [GeneratedRegex(@"\b[A-Za-z]{2,}\b")]
    private static partial Regex EnglishWords();

    [GeneratedRegex(@"^[A-Z][A-Za-z]+\.[A-Za-z][A-Za-z.\-]+$")]
    private static partial Regex ResourceKey();
}
