using System.Text.RegularExpressions;
using Ca.Tests.Support;
using Ca.Tests.Support.Hsm;

namespace Ca.Tests.Keys.Pkcs11;

/// <summary>The service as an operator starts it (its own process, SOFTHSM2_CONF in its environment) against a token.</summary>
public sealed partial class HsmStartupTests : IDisposable
{
    private const string Token = "PkiOnline";
    private readonly SoftHsm hsm = new SoftHsm().InitToken(Token);
    private readonly TemporaryDirectory data = new();

    public void Dispose()
    {
        data.Dispose();
        hsm.Dispose();
    }

    [Fact]
    public async Task Start_WrongPin_StopsWithOneClearMessageAndWritesNothing()
    {
        var wrongPin = Path.Combine(hsm.Root, "wrong.pin");
        await File.WriteAllTextAsync(wrongPin, "99999999\n");

        var (exitCode, output) = await ServiceProcess.RunToExitAsync(Environment(wrongPin));

        Assert.True(exitCode != 0, output);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var entry = Assert.Single(lines, line => LogLevelPrefix().IsMatch(line));
        Assert.StartsWith("crit:", entry);
        Assert.Contains(lines, line => line.Contains($"Refusing to start: The PKCS#11 token '{Token}' refused the PIN (CKR_PIN_INCORRECT)", StringComparison.Ordinal));
        Assert.DoesNotContain("99999999", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data.Path, "pki.db")), "nothing written before the refusal");
    }

    [Fact]
    public async Task Start_FreshTokenWithProviderPkcs11_IssuesWhatOpenSslVerifiesAndTheKeysStayOnTheToken()
    {
        var port = ServiceProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        await using var service = ServiceProcess.Start(Environment(hsm.PinFile, url));
        await service.WaitUntilHealthyAsync(url);
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", PkiApiFactory.AdminKey);

        var (pem, _, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=hsm.example.co.th", "hsm.example.co.th") });

        using var openssl = new OpenSslCli();
        openssl.Write("root.pem", await client.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        openssl.Write("leaf.pem", pem);
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var listed = hsm.Pkcs11Tool(Token, "--list-objects", "--type", "privkey").EnsureSuccess().StandardOutput;
        var issuingKey = listed[listed.IndexOf("label:      issuing-ca", StringComparison.Ordinal)..];
        Assert.Contains("sensitive", issuingKey.Split("Private Key Object")[0], StringComparison.Ordinal);
        Assert.Contains("never extractable", issuingKey.Split("Private Key Object")[0], StringComparison.Ordinal);
        Assert.DoesNotContain(SoftHsm.UserPin, service.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Environment(string pinFile, string? url = null) => new(hsm.Environment)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = url ?? $"http://127.0.0.1:{ServiceProcess.FreePort()}",
        ["Pki__DataDirectory"] = data.Path,
        ["Pki__KeyEncryptionKey"] = PkiApiFactory.TestKek,
        ["Pki__Bootstrap__AdminApiKey"] = PkiApiFactory.AdminKey,
        ["Pki__PublicBaseUrl"] = "http://pki.test",
        ["Pki__Keys__Provider"] = "Pkcs11",
        ["Pki__Keys__Pkcs11__ModulePath"] = SoftHsm.SystemModule,
        ["Pki__Keys__Pkcs11__TokenLabel"] = Token,
        ["Pki__Keys__Pkcs11__PinFile"] = pinFile,
    };

    [GeneratedRegex("^(trce|dbug|info|warn|fail|crit):")]
    private static partial Regex LogLevelPrefix();
}
