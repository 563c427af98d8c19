using System.Collections;
using System.Text.Json;
using Ca.Tests.Support;
using Microsoft.Playwright;

namespace Ca.Tests.Portal;

/// <summary>
/// A Chromium that presents TLS client certificates by itself, headless: the certificates and keys are
/// imported with NSS's pk12util into the NSS database Chromium reads on Linux ($HOME/.pki/nssdb, with
/// HOME pointing at a scratch folder), the test root is trusted there with certutil, and the profile's
/// auto_select_certificate content setting (what the AutoSelectCertificateForUrls policy sets, stored
/// per profile so no system policy file is needed) picks, per origin, the certificate whose subject CN
/// it names. One launch serves several people: each origin (https://127.0.0.1:port,
/// https://localhost:port) presents its own certificate and keeps its own cookies.
/// </summary>
public sealed class CertificateBrowser : IAsyncDisposable
{
    private readonly TemporaryDirectory home = new();
    private IBrowserContext? context;

    private CertificateBrowser()
    {
    }

    public IBrowserContext Context => context ?? throw new InvalidOperationException("Not launched.");

    /// <summary>A new tab.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        page.SetDefaultTimeout(PortalServer.ActionTimeout);
        return page;
    }

    /// <param name="playwright">The shared driver.</param>
    /// <param name="rootPem">The root the HTTPS server's certificate chains to.</param>
    /// <param name="identities">PKCS#12 files with their passwords, imported into NSS.</param>
    /// <param name="choices">Origin → subject CN of the certificate to present there.</param>
    public static async Task<CertificateBrowser> LaunchAsync(IPlaywright playwright, string rootPem, IEnumerable<(byte[] Pkcs12, string Password)> identities, IReadOnlyDictionary<string, string> choices)
    {
        var browser = new CertificateBrowser();
        var folder = browser.home.Path;
        var nss = Path.Combine(folder, ".pki", "nssdb");
        Directory.CreateDirectory(nss);
        Nss(folder, "certutil", "-N", "-d", "sql:" + nss, "--empty-password");
        File.WriteAllText(Path.Combine(folder, "root.pem"), rootPem);
        Nss(folder, "certutil", "-A", "-d", "sql:" + nss, "-n", "portal-test-root", "-t", "C,,", "-a", "-i", "root.pem");
        var index = 0;
        foreach (var (pkcs12, password) in identities)
        {
            var file = $"identity-{index++}.p12";
            File.WriteAllBytes(Path.Combine(folder, file), pkcs12);
            Nss(folder, "pk12util", "-i", file, "-d", "sql:" + nss, "-W", password);
        }

        var profile = Path.Combine(folder, "profile");
        Directory.CreateDirectory(Path.Combine(profile, "Default"));
        var exceptions = choices.ToDictionary(
            c => c.Key + ",*",
            c => (object)new { setting = new { filters = new[] { new { SUBJECT = new { CN = c.Value } } } } });
        File.WriteAllText(Path.Combine(profile, "Default", "Preferences"), JsonSerializer.Serialize(new
        {
            profile = new { content_settings = new { exceptions = new { auto_select_certificate = exceptions } } },
        }));

        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty);
        environment["HOME"] = folder;
        browser.context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = PortalServer.ChromiumPath,
            Headless = true,
            Args = PortalServer.ChromiumSwitches,
            Env = environment,
            Locale = "en-US",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "en" },
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BypassCSP = true,
        });
        browser.context.SetDefaultTimeout(PortalServer.ActionTimeout);
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        if (context is not null)
        {
            await context.CloseAsync();
        }

        home.Dispose();
    }

    private static void Nss(string folder, string program, params string[] arguments)
    {
        var result = ExternalTool.Run(folder, program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }
}
