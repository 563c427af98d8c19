using Ca.Tests.Acme.Support;
using Ca.Tests.Support;

namespace Ca.Tests.Acme;

/// <summary>
/// Debian's certbot, run as a business would with its EAB credentials against our directory on
/// loopback (plain HTTP; the test name resolves to 127.0.0.1 through HostOverrides): obtain, renew,
/// revoke; openssl judges the certificate and our OCSP responder's answer.
/// </summary>
public sealed class CertbotTests : IDisposable
{
    private const string Name = "www.acme-test.example";
    private readonly int httpPort = CliTool.FreePort();
    private readonly AcmeApiFactory factory;
    private readonly string folder = Directory.CreateTempSubdirectory("pki-certbot-").FullName;

    public CertbotTests()
    {
        factory = new AcmeApiFactory(httpPort: httpPort, kestrel: true);
    }

    [Fact]
    public async Task CertonlyRenewRevoke_WithEab_OpenSslVerifiesAndOcspSaysRevoked()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();

        var obtained = await Certbot("certonly", "--standalone", "--agree-tos", "-m", "ops@example.co.th", "--eab-kid", kid, "--eab-hmac-key", hmac,
            "--http-01-port", httpPort.ToString(), "--http-01-address", "127.0.0.1", "--key-type", "ecdsa", "-d", Name);
        Assert.True(obtained.ExitCode == 0, obtained.ToString());

        var live = Path.Combine(folder, "config", "live", Name);
        using var openssl = new OpenSslCli();
        openssl.Write("root.pem", await factory.CreateClient().GetStringAsync("/api/v1/cas/root-ca/certificate"));
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", Path.Combine(live, "chain.pem"), "-verify_hostname", Name, "-purpose", "sslserver", Path.Combine(live, "cert.pem"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var firstSerial = Serial(openssl, Path.Combine(live, "cert.pem"));

        var renewed = await Certbot("renew", "--force-renewal", "--no-random-sleep-on-renew");
        Assert.True(renewed.ExitCode == 0, renewed.ToString());
        var renewedSerial = Serial(openssl, Path.Combine(live, "cert.pem"));
        Assert.NotEqual(firstSerial, renewedSerial);
        verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", Path.Combine(live, "chain.pem"), "-verify_hostname", Name, Path.Combine(live, "cert.pem"));
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // certbot's default reason is unspecified (0), which a subscriber may give (CA/B Forum BR 7.2.2).
        var revoked = await Certbot("revoke", "--cert-path", Path.Combine(live, "cert.pem"), "--no-delete-after-revoke");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var ocsp = openssl.Run("ocsp", "-issuer", Path.Combine(live, "chain.pem"), "-cert", Path.Combine(live, "cert.pem"), "-url", factory.BaseUrl + "/ocsp",
            "-CAfile", "root.pem", "-VAfile", Path.Combine(live, "chain.pem"), "-no_nonce");
        Assert.True(ocsp.Output.Contains(": revoked", StringComparison.Ordinal), ocsp.ToString());
    }

    private static string Serial(OpenSslCli openssl, string path) => openssl.Run("x509", "-in", path, "-noout", "-serial").EnsureSuccess().StandardOutput.Trim();

    private Task<CliTool.Result> Certbot(params string[] arguments) => CliTool.RunAsync("certbot",
        [.. arguments, "--non-interactive", "--server", factory.DirectoryUrl,
            "--config-dir", Path.Combine(folder, "config"), "--work-dir", Path.Combine(folder, "work"), "--logs-dir", Path.Combine(folder, "logs")],
        folder);

    public void Dispose()
    {
        factory.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
