using Ca.Tests.Acme.Support;
using Ca.Tests.Support;

namespace Ca.Tests.Acme;

/// <summary>
/// Debian's lego against our directory on loopback with EAB: run with http-01 and with tls-alpn-01,
/// renew, revoke. openssl judges each certificate and our OCSP responder's answer after revocation.
/// </summary>
public sealed class LegoTests : IDisposable
{
    private const string Name = "api.acme-test.example";
    private readonly int httpPort = CliTool.FreePort();
    private readonly int tlsPort = CliTool.FreePort();
    private readonly AcmeApiFactory factory;
    private readonly string folder = Directory.CreateTempSubdirectory("pki-lego-").FullName;

    public LegoTests()
    {
        factory = new AcmeApiFactory(httpPort: httpPort, tlsPort: tlsPort, kestrel: true);
    }

    [Fact]
    public async Task RunHttp01RenewRevoke_WithEab_OpenSslVerifiesAndOcspSaysRevoked()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();
        var challenge = new[] { "--http", "--http.port", $"127.0.0.1:{httpPort}" };

        var run = await Lego(kid, hmac, [.. challenge, "run"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var openssl = new OpenSslCli();
        var first = await VerifyAsync(openssl);

        var renew = await Lego(kid, hmac, [.. challenge, "renew", "--days", "100000", "--no-random-sleep"]);
        Assert.True(renew.ExitCode == 0, renew.ToString());
        var renewed = await VerifyAsync(openssl);
        Assert.NotEqual(first, renewed);

        var revoke = await Lego(kid, hmac, ["revoke", "--reason", "4", "--keep"]);
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        var certificates = Path.Combine(folder, "certificates");
        openssl.Write("leaf.pem", Split(File.ReadAllText(Path.Combine(certificates, Name + ".crt")))[0]);
        var ocsp = openssl.Run("ocsp", "-issuer", Path.Combine(certificates, Name + ".issuer.crt"), "-cert", "leaf.pem", "-url", factory.BaseUrl + "/ocsp",
            "-CAfile", "root.pem", "-VAfile", Path.Combine(certificates, Name + ".issuer.crt"), "-no_nonce");
        Assert.True(ocsp.Output.Contains(": revoked", StringComparison.Ordinal), ocsp.ToString());
    }

    [Fact]
    public async Task RunTlsAlpn01_WithEab_OpenSslVerifies()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();

        var run = await Lego(kid, hmac, ["--tls", "--tls.port", $"127.0.0.1:{tlsPort}", "run"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var openssl = new OpenSslCli();
        await VerifyAsync(openssl);
        Assert.Contains("tls-alpn-01", run.Output, StringComparison.Ordinal);
    }

    private async Task<string> VerifyAsync(OpenSslCli openssl)
    {
        var certificates = Path.Combine(folder, "certificates");
        openssl.Write("root.pem", await factory.CreateClient().GetStringAsync("/api/v1/cas/root-ca/certificate"));
        var bundle = Split(File.ReadAllText(Path.Combine(certificates, Name + ".crt")));
        openssl.Write("leaf.pem", bundle[0]);
        openssl.Write("chain.pem", string.Concat(bundle.Skip(1)));
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "-verify_hostname", Name, "-purpose", "sslserver", "leaf.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        return openssl.Run("x509", "-in", "leaf.pem", "-noout", "-serial").EnsureSuccess().StandardOutput.Trim();
    }

    private static List<string> Split(string pem) =>
        pem.Split("-----END CERTIFICATE-----", StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains("BEGIN", StringComparison.Ordinal))
            .Select(p => p.Trim() + "\n-----END CERTIFICATE-----\n").ToList();

    private Task<CliTool.Result> Lego(string kid, string hmac, string[] arguments) => CliTool.RunAsync("lego",
        ["--server", factory.DirectoryUrl, "--accept-tos", "--email", "ops@example.co.th", "--eab", "--kid", kid, "--hmac", hmac,
            "--path", folder, "--domains", Name, "--key-type", "ec256", .. arguments],
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
