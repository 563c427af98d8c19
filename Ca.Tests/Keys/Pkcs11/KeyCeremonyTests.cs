using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ca.Tests.Support;
using Ca.Tests.Support.Hsm;

namespace Ca.Tests.Keys.Pkcs11;

/// <summary>
/// The key ceremony as an operator holds it: <c>dotnet Ca.Api.dll ceremony init</c> with the service
/// stopped, the root's key on a token of its own, then the service started on the online token only.
/// </summary>
public sealed class KeyCeremonyTests : IDisposable
{
    private const string RootToken = "PkiRoot";
    private const string OnlineToken = "PkiOnline";
    private readonly SoftHsm hsm = new SoftHsm().InitToken(RootToken).InitToken(OnlineToken);
    private readonly TemporaryDirectory data = new();
    private readonly OpenSslCli openssl = new();

    public void Dispose()
    {
        openssl.Dispose();
        data.Dispose();
        hsm.Dispose();
    }

    [Fact]
    public async Task Ceremony_RootOfflineIssuingOnline_ServiceIssuesAndPublishesWithoutTheRootKeyAndTheRecordVerifies()
    {
        var ceremonyStarted = DateTime.UtcNow;
        var (exitCode, printed) = await ServiceProcess.RunToExitAsync(Environment(), "ceremony", "init", "--operator", "Somchai Jaidee", "--witness", "Malee Auditor", "--root-token", RootToken, "--arl-days", "400");
        var ceremonyEnded = DateTime.UtcNow;
        Assert.True(exitCode == 0, printed);

        var url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using var service = ServiceProcess.Start(Environment(url));
        await service.WaitUntilHealthyAsync(url);
        using var admin = Client(url, PkiApiFactory.AdminKey);

        // The hierarchy: root's key offline, issuing CA's online, and the API says so.
        var cas = (await admin.GetJsonAsync("/api/v1/cas")).AsArray();
        Assert.False(cas.Single(c => c!["id"]!.GetValue<string>() == "root-ca")!["keyOnline"]!.GetValue<bool>());
        Assert.True(cas.Single(c => c!["id"]!.GetValue<string>() == "issuing-ca")!["keyOnline"]!.GetValue<bool>());
        Assert.DoesNotContain("label:      root-ca", hsm.Pkcs11Tool(OnlineToken, "--list-objects", "--type", "privkey").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("label:      root-ca", hsm.Pkcs11Tool(RootToken, "--list-objects", "--type", "privkey").EnsureSuccess().StandardOutput, StringComparison.Ordinal);

        // The fingerprints printed are the certificates served.
        openssl.Write("root.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", await admin.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        var rootFingerprint = openssl.Run("x509", "-in", "root.pem", "-noout", "-fingerprint", "-sha256").EnsureSuccess().StandardOutput.Split('=')[1].Trim();
        Assert.Contains(rootFingerprint, printed, StringComparison.Ordinal);

        // It issues and publishes without the root key.
        var (pem, _, _) = await admin.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=after-the-ceremony") });
        openssl.Write("leaf.pem", pem);
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        using var published = await admin.PostAsync("/api/v1/cas/issuing-ca/crl", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        openssl.Write("chain.pem", await admin.GetStringAsync("/api/v1/cas/issuing-ca/chain"));
        foreach (var ca in new[] { "issuing-ca", "root-ca" })
        {
            openssl.Write($"{ca}.crl", await admin.GetByteArrayAsync($"/crl/{ca}.crl"));
            var crl = openssl.Run("crl", "-inform", "DER", "-in", $"{ca}.crl", "-CAfile", "chain.pem", "-noout", "-nextupdate");
            Assert.True(crl.ExitCode == 0 && crl.Output.Contains("verify OK", StringComparison.Ordinal), crl.ToString());
        }

        var arlNextUpdate = openssl.Run("crl", "-inform", "DER", "-in", "root-ca.crl", "-noout", "-nextupdate").StandardOutput;
        // 400 days after the ceremony (which may have run on either side of a New Year 400 days back).
        var years = new[] { ceremonyStarted, ceremonyEnded }.Select(t => t.AddDays(400).Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.True(years.Any(y => arlNextUpdate.Contains(y, StringComparison.Ordinal)), $"{arlNextUpdate} names none of {string.Join(", ", years)}");
        using var rootDelta = await admin.GetAsync("/crl/root-ca-delta.crl");
        Assert.Equal(HttpStatusCode.NotFound, rootDelta.StatusCode);
        var (revoke, revokeProblem) = await admin.PostJsonAsync("/api/v1/cas/issuing-ca/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.Conflict, revoke.StatusCode);
        Assert.True(revokeProblem?["code"]?.GetValue<string>() == "ca-key-offline", revokeProblem.Problem());

        // The ceremony record is in the audit log, signed by the root: openssl verifies it with the root certificate's key.
        using var auditor = await AuditorAsync(admin, url);
        var entry = (await auditor.GetJsonAsync("/api/v1/audit?action=ceremony.completed"))["items"]!.AsArray().Single()!;
        var details = JsonNode.Parse(entry["details"]!.GetValue<string>())!;
        var recordBytes = Convert.FromBase64String(details["record"]!.GetValue<string>());
        openssl.Write("record.json", recordBytes);
        openssl.Write("record.sig", Convert.FromBase64String(details["signature"]!.GetValue<string>()));
        openssl.Write("root-public.pem", openssl.Run("x509", "-in", "root.pem", "-noout", "-pubkey").EnsureSuccess().StandardOutput);
        var signature = openssl.Run("dgst", "-sha384", "-verify", "root-public.pem", "-signature", "record.sig", "record.json");
        Assert.True(signature.ExitCode == 0, signature.ToString());
        Assert.Contains("Verified OK", signature.Output, StringComparison.Ordinal);

        var record = JsonNode.Parse(recordBytes)!;
        Assert.Equal("create-hierarchy", record["kind"]!.GetValue<string>());
        Assert.Equal("Somchai Jaidee", record["operators"]![0]!.GetValue<string>());
        Assert.Equal("Malee Auditor", record["witnesses"]![0]!.GetValue<string>());
        Assert.Equal(rootFingerprint, record["rootFingerprint"]!.GetValue<string>());
        Assert.Contains($"token={RootToken}", record["authorities"]![0]!["key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True((await auditor.GetJsonAsync("/api/v1/audit/verify"))["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Ceremony_RootCrlAgain_SignsANewArlWhileTheServiceKeepsTheRootOffline()
    {
        Assert.Equal(0, (await ServiceProcess.RunToExitAsync(Environment(), "ceremony", "init", "--operator", "A", "--root-token", RootToken, "--arl-days", "30")).ExitCode);

        var (exitCode, printed) = await ServiceProcess.RunToExitAsync(Environment(), "ceremony", "crl", "--operator", "B", "--root-token", RootToken, "--arl-days", "90");

        Assert.True(exitCode == 0, printed);
        Assert.Contains("CRL of root-ca: number 2", printed, StringComparison.Ordinal);
        var (again, refused) = await ServiceProcess.RunToExitAsync(Environment(), "ceremony", "init", "--operator", "A", "--root-token", RootToken);
        Assert.Equal(1, again);
        Assert.Contains("already exists", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ceremony_ImportOfAHierarchyWhoseKeysAreOnTheTokens_ServiceIssuesUnderIt()
    {
        // A hierarchy made elsewhere: another installation's ceremony left its keys on the tokens.
        Assert.Equal(0, (await ServiceProcess.RunToExitAsync(Environment(), "ceremony", "init", "--operator", "A", "--root-token", RootToken)).ExitCode);
        var url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using (var elsewhere = ServiceProcess.Start(Environment(url)))
        {
            await elsewhere.WaitUntilHealthyAsync(url);
            using var client = Client(url, PkiApiFactory.AdminKey);
            openssl.Write("root.pem", await client.GetStringAsync("/api/v1/cas/root-ca/certificate"));
            openssl.Write("issuing.pem", await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        }

        using var fresh = new TemporaryDirectory();
        var (exitCode, printed) = await ServiceProcess.RunToExitAsync(Environment(dataDirectory: fresh.Path), "ceremony", "import", "--operator", "B",
            "--root-token", RootToken, "--certificate", $"root-ca={Path.Combine(openssl.WorkingDirectory, "root.pem")}", "--certificate", $"issuing-ca={Path.Combine(openssl.WorkingDirectory, "issuing.pem")}");
        Assert.True(exitCode == 0, printed);

        var importedUrl = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using var imported = ServiceProcess.Start(Environment(importedUrl, fresh.Path));
        await imported.WaitUntilHealthyAsync(importedUrl);
        using var admin = Client(importedUrl, PkiApiFactory.AdminKey);
        var (pem, _, _) = await admin.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=under-the-imported-hierarchy") });
        openssl.Write("leaf.pem", pem);
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("import-hierarchy", printed, StringComparison.Ordinal);
        Assert.False((await admin.GetJsonAsync("/api/v1/cas/root-ca"))["keyOnline"]!.GetValue<bool>());
    }

    private async Task<HttpClient> AuditorAsync(HttpClient admin, string url)
    {
        var (created, account) = await admin.PostJsonAsync("/api/v1/accounts", new { name = "ceremony auditor", roles = new[] { "auditor" } });
        Assert.True(created.IsSuccessStatusCode, account.Problem());
        var (keyCreated, key) = await admin.PostJsonAsync($"/api/v1/accounts/{account!["id"]!.GetValue<string>()}/keys", new { });
        Assert.True(keyCreated.IsSuccessStatusCode, key.Problem());
        return Client(url, key!["key"]!.GetValue<string>());
    }

    private static HttpClient Client(string url, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private Dictionary<string, string?> Environment(string? url = null, string? dataDirectory = null) => new(hsm.Environment)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = url ?? $"http://127.0.0.1:{ServiceProcess.FreePort()}",
        ["Pki__DataDirectory"] = dataDirectory ?? data.Path,
        ["Pki__KeyEncryptionKey"] = PkiApiFactory.TestKek,
        ["Pki__Bootstrap__AdminApiKey"] = PkiApiFactory.AdminKey,
        ["Pki__PublicBaseUrl"] = "http://pki.test",
        ["Pki__Keys__Provider"] = "Pkcs11",
        ["Pki__Keys__Pkcs11__ModulePath"] = SoftHsm.SystemModule,
        ["Pki__Keys__Pkcs11__TokenLabel"] = OnlineToken,
        ["Pki__Keys__Pkcs11__PinFile"] = hsm.PinFile,
    };
}
