using System.Net;
using System.Text.Json.Nodes;
using Ca.Core.Acme.Validation;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;

namespace Ca.Tests.Acme;

/// <summary>How the CA validates: dns-01 through the configured resolver, the address policy, and http-01 redirects.</summary>
public sealed class ChallengeValidationTests(ChallengeValidationTests.Service service) : IClassFixture<ChallengeValidationTests.Service>
{
    private const string Name = "www.acme-test.example";

    public sealed class Service : IDisposable
    {
        public ChallengeHttpServer Web { get; } = new();

        public FakeDnsServer Dns { get; } = new();

        public AcmeApiFactory Factory { get; }

        public Service()
        {
            Factory = new AcmeApiFactory(httpPort: Web.Port, extra: new Dictionary<string, string?> { ["Pki:Acme:Validation:DnsResolver"] = $"127.0.0.1:{Dns.Port}" });
        }

        public void Dispose()
        {
            Factory.Dispose();
            Web.Dispose();
            Dns.Dispose();
        }
    }

    [Fact]
    public async Task Dns01_TxtRecordWithTheDigest_AuthorizationValid()
    {
        using var client = await AccountAsync(service.Factory);
        var (authorizationUrl, challenge) = await ChallengeAsync(client, "dns-01");
        var token = challenge["token"]!.GetValue<string>();
        service.Dns.Txt["_acme-challenge." + Name] = ["unrelated", KeyAuthorization.DnsTxtValue(AcmeTestClient.KeyAuthorization(token, client.Thumbprint))];

        await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
        var settled = await client.PollAsync(authorizationUrl, "pending");

        Assert.True(settled["status"]!.GetValue<string>() == "valid", settled.ToJsonString());
    }

    [Fact]
    public async Task Dns01_NoTxtRecord_InvalidWithTheNameQueried()
    {
        service.Dns.Txt.Clear();
        using var client = await AccountAsync(service.Factory);
        var (authorizationUrl, challenge) = await ChallengeAsync(client, "dns-01");

        await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
        var settled = await client.PollAsync(authorizationUrl, "pending");

        Assert.Equal("invalid", settled["status"]!.GetValue<string>());
        Assert.Contains("_acme-challenge." + Name, settled.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http01_RedirectOnTheSamePort_Followed()
    {
        using var client = await AccountAsync(service.Factory);
        var (authorizationUrl, challenge) = await ChallengeAsync(client, "http-01");
        var token = challenge["token"]!.GetValue<string>();
        service.Web.Responses["/.well-known/acme-challenge/" + token] = (302, string.Empty, "/moved/" + token);
        service.Web.Responses["/moved/" + token] = (200, AcmeTestClient.KeyAuthorization(token, client.Thumbprint) + "\n", null);

        await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
        var settled = await client.PollAsync(authorizationUrl, "pending");

        Assert.True(settled["status"]!.GetValue<string>() == "valid", settled.ToJsonString());
    }

    [Fact]
    public async Task Http01_RedirectToAnotherPort_NotFollowed()
    {
        using var client = await AccountAsync(service.Factory);
        var (authorizationUrl, challenge) = await ChallengeAsync(client, "http-01");
        var token = challenge["token"]!.GetValue<string>();
        service.Web.Responses["/.well-known/acme-challenge/" + token] = (301, string.Empty, $"http://{Name}:8081/.well-known/acme-challenge/{token}");

        await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
        var settled = await client.PollAsync(authorizationUrl, "pending");

        Assert.Equal("invalid", settled["status"]!.GetValue<string>());
        Assert.Contains("urn:ietf:params:acme:error:connection", settled.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http01_LoopbackWithoutAllowLoopback_RejectedWithoutConnecting()
    {
        using var web = new ChallengeHttpServer();
        using var strict = new AcmeApiFactory(httpPort: web.Port, extra: new Dictionary<string, string?> { ["Pki:Acme:Validation:AllowLoopback"] = "false" });
        using var client = await AccountAsync(strict);
        var (authorizationUrl, challenge) = await ChallengeAsync(client, "http-01");
        var token = challenge["token"]!.GetValue<string>();
        web.Serve(token, AcmeTestClient.KeyAuthorization(token, client.Thumbprint));

        await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
        var settled = await client.PollAsync(authorizationUrl, "pending");

        Assert.Equal("invalid", settled["status"]!.GetValue<string>());
        Assert.Contains("urn:ietf:params:acme:error:rejectedIdentifier", settled.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(web.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("203.0.113.5", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void IsPublic_SpecialPurposeRanges_Refused(string address, bool expected)
    {
        Assert.Equal(expected, ValidationAddressResolver.IsPublic(IPAddress.Parse(address)));
    }

    private static async Task<(string AuthorizationUrl, JsonNode Challenge)> ChallengeAsync(AcmeTestClient client, string type)
    {
        var (_, order) = await client.NewOrderAsync(Name);
        var authorizationUrl = order!["authorizations"]![0]!.GetValue<string>();
        var (_, authorization) = await client.PostAsync(authorizationUrl, null);
        return (authorizationUrl, authorization!["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!);
    }

    private static async Task<AcmeTestClient> AccountAsync(AcmeApiFactory factory)
    {
        var (_, kid, hmac) = await factory.NewEabAsync("business-" + Guid.NewGuid().ToString("N")[..8]);
        var client = await new AcmeTestClient(factory.CreateClient(), "http://localhost/acme/directory").LoadDirectoryAsync();
        var (response, body) = await client.NewAccountAsync(kid, hmac);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.Problem());
        return client;
    }
}
