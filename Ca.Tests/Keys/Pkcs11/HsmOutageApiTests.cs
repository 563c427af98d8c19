using System.Net;
using Ca.Tests.Support;
using Ca.Tests.Support.Hsm;

namespace Ca.Tests.Keys.Pkcs11;

/// <summary>The service's keys on a token that goes away and comes back, and a service restarted on the same token.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class HsmOutageApiTests : IDisposable
{
    private const string Token = "PkiOnline";
    private readonly SoftHsm hsm = new SoftHsm().InitToken(Token);

    public void Dispose() => hsm.Dispose();

    [Fact]
    public async Task Issue_TokenRemovedMidRun_503ProblemsThenIssuesAgainWhenItIsBackWithoutRestart()
    {
        using var service = new HsmPkiApiFactory(hsm, Token);
        using var requester = service.ClientFor("requester");
        using var anonymous = service.CreateClient();
        await requester.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=before") });

        var away = hsm.Unplug();
        var (refused, problem) = await requester.PostJsonAsync("/api/v1/certificate-requests", new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=during") });
        var (againRefused, _) = await requester.PostJsonAsync("/api/v1/certificate-requests", new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=during-2") });
        using var health = await anonymous.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("key-unavailable", problem!["code"]!.GetValue<string>());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, againRefused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        hsm.PlugBackIn(away);
        await Task.Delay(TimeSpan.FromMilliseconds(400)); // past Pki:Keys:Pkcs11:ReconnectInterval (200 ms here)
        var (pem, _, _) = await requester.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=after") });
        using var healthy = await anonymous.GetAsync("/health");

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Start_AgainOnTheSameTokenAndDatabase_ReusesTheKeysByLabel()
    {
        using var data = new TemporaryDirectory();
        string rootBefore;
        await using (var first = new HsmPkiApiFactory(hsm, Token, dataDirectory: data.Path))
        {
            using var client = first.CreateClient();
            rootBefore = await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        }

        var objectsBefore = PrivateKeyLabels();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var second = new HsmPkiApiFactory(hsm, Token, dataDirectory: data.Path);
        using var requester = second.ClientFor("requester");
        using var anonymous = second.CreateClient();
        var (pem, _, _) = await requester.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=after-restart") });

        Assert.Equal(rootBefore, await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        Assert.Equal(objectsBefore, PrivateKeyLabels());
        Assert.Equal(["issuing-ca", "root-ca"], objectsBefore);
        using var openssl = new OpenSslCli();
        openssl.Write("root.pem", await anonymous.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", rootBefore);
        openssl.Write("leaf.pem", pem);
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private List<string> PrivateKeyLabels() =>
        hsm.Pkcs11Tool(Token, "--list-objects", "--type", "privkey").EnsureSuccess().StandardOutput
            .Split('\n').Where(l => l.TrimStart().StartsWith("label:", StringComparison.Ordinal))
            .Select(l => l.Split(':', 2)[1].Trim()).Order(StringComparer.Ordinal).ToList();
}
