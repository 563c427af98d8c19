using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;

namespace Ca.Tests.Acme;

/// <summary>The whole ACME flow over the real HTTP pipeline, with a real http-01 responder on loopback.</summary>
public sealed class AcmeFlowTests : IDisposable
{
    private const string Name = "www.acme-test.example";
    private readonly ChallengeHttpServer web = new();
    private readonly AcmeApiFactory factory;

    public AcmeFlowTests()
    {
        factory = new AcmeApiFactory(httpPort: web.Port);
    }

    [Fact]
    public async Task Directory_Get_ListsEveryOperationAndRequiresExternalAccountBinding()
    {
        var directory = await factory.CreateClient().GetJsonAsync("/acme/directory");

        foreach (var name in new[] { "newNonce", "newAccount", "newOrder", "revokeCert", "keyChange", "renewalInfo" })
        {
            Assert.StartsWith("http://localhost/acme/", directory[name]!.GetValue<string>());
        }

        Assert.True(directory["meta"]!["externalAccountRequired"]!.GetValue<bool>());
    }

    [Fact]
    public async Task NewNonce_Head_ReturnsAFreshNonceEachTimeNotCached()
    {
        using var client = await Client();
        var first = await client.NewNonceAsync();
        var second = await client.NewNonceAsync();

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 22);
    }

    [Fact]
    public async Task OrderHttp01Finalize_BusinessWithEab_CertificateForTheNameThatOpenSslVerifies()
    {
        var (business, kid, hmac) = await factory.NewEabAsync();
        using var client = await Client();
        var (created, account) = await client.NewAccountAsync(kid, hmac);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("valid", account!["status"]!.GetValue<string>());

        var (certificatePem, order) = await AcmeFlow.IssueAsync(client, web, Name);

        Assert.Equal("valid", order["status"]!.GetValue<string>());
        using var openssl = new OpenSslCli();
        var pems = certificatePem.Split("-----END CERTIFICATE-----", StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains("BEGIN")).Select(p => p.Trim() + "\n-----END CERTIFICATE-----\n").ToList();
        Assert.Equal(2, pems.Count);
        openssl.Write("leaf.pem", pems[0]);
        openssl.Write("chain.pem", pems[1]);
        openssl.Write("root.pem", await factory.CreateClient().GetStringAsync("/api/v1/cas/root-ca/certificate"));
        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "-verify_hostname", Name, "-purpose", "sslserver", "leaf.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // The certificate belongs to the business, as if requested through the REST API.
        using var rest = factory.CreateClientWithKey(factory.AccountFor("business", "requester").Key);
        var listed = await rest.GetJsonAsync("/api/v1/certificates");
        Assert.Contains(Name, listed.ToJsonString());
        Assert.Contains(web.Requests, r => r.StartsWith(Name, StringComparison.Ordinal));
        _ = business;
    }

    [Fact]
    public async Task CertificateDownload_LinksIndexUpAndAnAlternateChainEndingWithTheRoot()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();
        using var client = await Client();
        await client.NewAccountAsync(kid, hmac);
        var (_, order) = await AcmeFlow.IssueAsync(client, web, Name);

        var (response, _) = await client.PostAsync(order["certificate"]!.GetValue<string>(), null);

        var links = response.Headers.GetValues("Link").ToList();
        Assert.Contains(links, l => l == "<http://localhost/acme/directory>;rel=\"index\"");
        Assert.Contains(links, l => l == "<http://pki.test/ca/issuing-ca.crt>;rel=\"up\"");
        var alternate = links.Single(l => l.EndsWith(";rel=\"alternate\"", StringComparison.Ordinal));
        var (_, full) = await client.PostAsync(alternate[1..alternate.IndexOf('>')], null);
        var pems = Ca.Core.Common.Pem.DecodeAll(full!.GetValue<string>(), "CERTIFICATE");
        Assert.Equal(3, pems.Count);
        var root = new Org.BouncyCastle.X509.X509Certificate(pems[2]);
        Assert.Equal(root.SubjectDN, root.IssuerDN);
    }

    [Fact]
    public async Task RenewalInfo_IssuedCertificate_WindowInTheLastThirdAndAReplacingOrderIsAccepted()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();
        using var client = await Client();
        await client.NewAccountAsync(kid, hmac);
        var (chain, _) = await AcmeFlow.IssueAsync(client, web, Name);
        var certificate = new Org.BouncyCastle.X509.X509Certificate(Ca.Core.Common.Pem.DecodeAll(chain, "CERTIFICATE")[0]);
        var id = Ca.Core.Acme.RenewalInfoService.CertificateId(certificate);

        var response = await factory.CreateClient().GetAsync(client.Url("renewalInfo") + "/" + id);

        var window = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["suggestedWindow"]!;
        var lifetime = certificate.NotAfter - certificate.NotBefore;
        var start = DateTimeOffset.Parse(window["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(window["end"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((start - new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero)).TotalSeconds, lifetime.TotalSeconds * 2 / 3 - 2, lifetime.TotalSeconds * 2 / 3 + 2);
        Assert.True(end > start && end < new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero));
        Assert.NotNull(response.Headers.RetryAfter);

        var (replacing, order) = await client.PostAsync(client.Url("newOrder"), new JsonObject
        {
            ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = Name }),
            ["replaces"] = id,
        });
        Assert.True(replacing.StatusCode == HttpStatusCode.Created, order.Problem());
        Assert.Equal(id, order!["replaces"]!.GetValue<string>());
        var (strange, problem) = await client.PostAsync(client.Url("newOrder"), new JsonObject
        {
            ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = Name }),
            ["replaces"] = "AAAA.AQ",
        });
        Assert.Equal(HttpStatusCode.BadRequest, strange.StatusCode);
        Assert.Equal("urn:ietf:params:acme:error:malformed", problem!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AccountOrders_PostAsGet_ListsTheAccountsOrders()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();
        using var client = await Client();
        var (_, account) = await client.NewAccountAsync(kid, hmac);
        var (created, _) = await client.NewOrderAsync(Name);

        var (_, list) = await client.PostAsync(account!["orders"]!.GetValue<string>(), null);

        Assert.Equal(created.Headers.Location!.ToString(), Assert.Single(list!["orders"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task NewAccount_SameKeyAgain_ReturnsTheExistingAccountWith200()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();
        using var client = await Client();
        var (first, _) = await client.NewAccountAsync(kid, hmac);
        var (again, _) = await client.PostAsync(client.Url("newAccount"), new JsonObject { ["onlyReturnExisting"] = true }, useJwk: true);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
    }

    private async Task<AcmeTestClient> Client() => await new AcmeTestClient(factory.CreateClient(), "http://localhost/acme/directory").LoadDirectoryAsync();

    public void Dispose()
    {
        factory.Dispose();
        web.Dispose();
    }
}
