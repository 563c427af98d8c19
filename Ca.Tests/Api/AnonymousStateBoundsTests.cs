using System.Net;
using Ca.Api.Authentication;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Ca.Tests.Api;

/// <summary>
/// Nothing an anonymous caller sends grows per-key state without bound: ids of CAs that do not exist,
/// serials that were never issued and failed logins from ever new addresses are answered and forgotten.
/// The tests look at the structures themselves, not at memory figures.
/// </summary>
public sealed class AnonymousStateBoundsTests : IClassFixture<AnonymousStateBoundsTests.Fixture>
{
    private readonly Fixture fixture;

    public AnonymousStateBoundsTests(Fixture fixture) => this.fixture = fixture;

    /// <summary>Anonymous limits high enough for a few hundred requests in a row.</summary>
    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:RateLimits:AnonymousBurst"] = "100000",
        ["Pki:RateLimits:AnonymousPerSecond"] = "100000",
    });

    [Fact]
    public async Task CrlDownload_300UnknownCaIds_All404AtOnceAndNoPerIdState()
    {
        using var client = fixture.CreateClient();
        var publisher = fixture.Services.GetRequiredService<CrlPublisher>();
        var authorities = (await fixture.Services.GetRequiredService<Ca.Core.Authorities.AuthorityRegistry>().ListAsync(CancellationToken.None)).Count;
        var gatesBefore = publisher.GateCount;
        var before = await fixture.CountRowsAsync();

        for (var i = 0; i < 300; i++)
        {
            var id = $"no-such-ca-{i}-{Guid.NewGuid():N}";
            using var full = await client.GetAsync($"/crl/{id}.crl");
            await ProblemAssert.IsProblemAsync(full, 404, "crl-not-found", id);
            using var delta = await client.GetAsync($"/crl/{id}-delta.crl");
            await ProblemAssert.IsProblemAsync(delta, 404, "crl-not-found", id + " delta");
        }

        Assert.Equal(gatesBefore, publisher.GateCount);
        Assert.Equal(before, await fixture.CountRowsAsync());

        // The real CAs still serve their CRLs, with at most one gate each.
        using var real = await client.GetAsync("/crl/issuing-ca.crl");
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.InRange(publisher.GateCount, 1, authorities);
    }

    [Fact]
    public async Task Ocsp_300SerialsNeverIssued_AnsweredUnknownAndNotCached()
    {
        using var client = fixture.CreateClient();
        var cache = fixture.Services.GetRequiredService<OcspResponseCache>();
        var issuer = new X509CertificateParser().ReadCertificate(await client.GetByteArrayAsync("/ca/issuing-ca.crt"));
        var cachedBefore = cache.Count;

        for (var i = 0; i < 300; i++)
        {
            var serial = new BigInteger(1, Guid.NewGuid().ToByteArray());
            var generator = new OcspReqGenerator();
            generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, serial));
            using var content = new ByteArrayContent(generator.Generate().GetEncoded()) { Headers = { ContentType = new("application/ocsp-request") } };
            using var response = await client.PostAsync("/ocsp", content);
            var basic = (BasicOcspResp)new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject();
            Assert.IsType<UnknownStatus>(basic.Responses.Single().GetCertStatus());
        }

        Assert.Equal(cachedBefore, cache.Count);
    }

    [Fact]
    public async Task AuthenticationFailures_FromMoreSourcesThanTheBound_TrackedSourcesStayBounded()
    {
        var monitor = fixture.Services.GetRequiredService<AuthenticationFailureMonitor>();

        for (var i = 0; i < AuthenticationFailureMonitor.MaxSources + 2_000; i++)
        {
            await monitor.RecordFailureAsync($"2001:db8::{i:x}", $"trace-{i}", CancellationToken.None);
        }

        Assert.InRange(monitor.TrackedSources, 1, AuthenticationFailureMonitor.MaxSources + 1);
    }
}
