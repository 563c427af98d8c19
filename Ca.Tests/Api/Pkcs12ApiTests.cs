using System.Net;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>Server-side key generation over HTTP: the PKCS#12 a subscriber downloads, in both formats.</summary>
public sealed class Pkcs12ApiTests : IClassFixture<Pkcs12ApiTests.Fixture>, IDisposable
{
    private const string Password = "correct horse battery";
    private readonly HttpClient client;
    private readonly OpenSslCli openssl = new();

    public Pkcs12ApiTests(Fixture fixture) => client = fixture.ClientFor("requester");

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Profiles:document-signing:RequiresApproval"] = "false",
    });

    [Fact]
    public async Task Issue_Ed25519KeyGeneration_Pkcs12OpensWithOpenSsl()
    {
        var p12 = await GenerateAsync("document-signing", "Ed25519", null);

        var opened = openssl.Run("pkcs12", "-in", openssl.Write("ed.p12", p12), "-passin", "pass:" + Password, "-nodes", "-out", "ed.pem");

        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Contains("PRIVATE KEY", File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "ed.pem")));
    }

    [Fact]
    public async Task Issue_LegacyFormatAskedFor_Is3DesWithSha1Mac()
    {
        var p12 = await GenerateAsync("tls-client", "RSA-2048", "legacy");

        var info = openssl.Run("pkcs12", "-in", openssl.Write("legacy.p12", p12), "-passin", "pass:" + Password, "-info", "-noout").EnsureSuccess().Output;

        Assert.Contains("pbeWithSHA1And3-KeyTripleDES-CBC", info);
        Assert.Contains("MAC: sha1", info);
    }

    [Fact]
    public async Task Issue_NoFormatAskedFor_IsAes256WithSha256Mac()
    {
        var p12 = await GenerateAsync("tls-client", "ECDSA-P256", null);

        var info = openssl.Run("pkcs12", "-in", openssl.Write("modern.p12", p12), "-passin", "pass:" + Password, "-info", "-noout").EnsureSuccess().Output;

        Assert.Contains("AES-256-CBC, Iteration 100000, PRF hmacWithSHA256", info);
        Assert.Contains("MAC: sha256, Iteration 100000", info);
    }

    [Fact]
    public async Task Submit_UnknownPkcs12Format_Is400()
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new
        {
            profile = "tls-client", keyAlgorithm = "ECDSA-P256", subject = new Dictionary<string, string> { ["CN"] = "k" }, pkcs12Password = Password, pkcs12Format = "rc2-40",
        });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, json.Problem());
        Assert.Equal("invalid-pkcs12-format", json!["code"]!.GetValue<string>());
    }

    public void Dispose() => openssl.Dispose();

    private async Task<byte[]> GenerateAsync(string profile, string keyAlgorithm, string? format)
    {
        var subject = profile == "document-signing"
            ? new Dictionary<string, string> { ["CN"] = "Example e-Seal", ["O"] = "Department of Examples", ["C"] = "TH" }
            : new Dictionary<string, string> { ["CN"] = "kiosk-" + keyAlgorithm };
        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new { profile, keyAlgorithm, subject, pkcs12Password = Password, pkcs12Format = format });
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.Problem());
        return Convert.FromBase64String(json!["pkcs12"]!.GetValue<string>());
    }
}
