using System.Net;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>Token buckets per account and per client, refusing with a 429 problem and Retry-After.</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitTests.Fixture>
{
    private readonly Fixture fixture;

    public RateLimitTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:RateLimits:AnonymousBurst"] = "5",
        ["Pki:RateLimits:AnonymousPerSecond"] = "1",
        ["Pki:RateLimits:AccountBurst"] = "8",
        ["Pki:RateLimits:AccountPerSecond"] = "1",
    });

    [Fact]
    public async Task Anonymous_BeyondItsBucket_Gets429ProblemWithRetryAfter()
    {
        using var client = fixture.CreateClient();
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await client.GetAsync("/api/v1/profiles"));
        }

        var refused = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(statuses.Count(r => r.IsSuccessStatusCode) <= 7);
    }

    [Fact]
    public async Task Account_BeyondItsBucket_Gets429WhileProtocolEndpointsStayOpen()
    {
        using var client = fixture.ClientFor("busy-requester", "requester");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            codes.Add((await client.GetAsync("/api/v1/certificates")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        using var relyingParty = fixture.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            var ocsp = await relyingParty.PostAsync("/ocsp", new ByteArrayContent([0x30, 0x00]) { Headers = { ContentType = new("application/ocsp-request") } });
            Assert.Equal(HttpStatusCode.OK, ocsp.StatusCode);
        }
    }
}
