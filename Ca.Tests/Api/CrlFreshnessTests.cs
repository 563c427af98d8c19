using System.Globalization;
using System.Net;
using Ca.Storage;
using Ca.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Api;

/// <summary>
/// A revocation reaches the complete CRL, not only the delta, within the configured delay (60 s), once
/// for a burst; and no served CRL may be cached past the next publication. The clock is faked (the
/// service starts at 08:00:00 UTC, on the hour), so nothing here sleeps for a minute; OpenSSL reads the CRLs.
/// </summary>
public sealed class CrlFreshnessTests : IDisposable
{
    private readonly OpenSslCli openssl = new();

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task FullCrl_BurstOfRevocations_OnePublicationWithinTheDelayListsThemAll()
    {
        using var factory = new FakeClockPkiApiFactory();
        using var requester = factory.ClientFor("requester");
        using var anonymous = factory.CreateClient();
        var serials = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (pem, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256($"CN=burst{i}.example.co.th", $"burst{i}.example.co.th") });
            openssl.Write($"leaf{i}.pem", pem);
            serials.Add(serial);
        }

        openssl.Write("chain.pem", await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/chain"));
        var before = await FullCrlCountAsync(factory);
        foreach (var serial in serials)
        {
            Assert.Equal(HttpStatusCode.OK, (await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" })).StatusCode);
            factory.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(before, await FullCrlCountAsync(factory));

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(async () => await FullCrlCountAsync(factory) > before);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(before + 1, await FullCrlCountAsync(factory));
        openssl.Write("full.der", await anonymous.GetByteArrayAsync("/crl/issuing-ca.crl"));
        openssl.Run("crl", "-inform", "DER", "-in", "full.der", "-out", "full.pem").EnsureSuccess();
        var text = openssl.Run("crl", "-in", "full.pem", "-noout", "-text").StandardOutput;
        Assert.All(serials, serial => Assert.Contains(serial, text));
        var attime = factory.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var verdict = openssl.Run("verify", "-attime", attime, "-crl_check", "-CRLfile", "full.pem", "-CAfile", "chain.pem", "leaf0.pem");
        Assert.NotEqual(0, verdict.ExitCode);
        Assert.Contains("certificate revoked", verdict.Output);
    }

    [Fact]
    public async Task Crl_Served_CachedNoLongerThanTheNextPublication()
    {
        using var factory = new FakeClockPkiApiFactory();
        using var anonymous = factory.CreateClient();
        using var requester = factory.ClientFor("requester");
        factory.Clock.Advance(TimeSpan.FromMinutes(10));

        // Published at 08:00:00: complete CRLs are next due at 09:00 (hourly), deltas at 08:15 (every 15 min).
        var full = await anonymous.GetAsync("/crl/issuing-ca.crl");
        var delta = await anonymous.GetAsync("/crl/issuing-ca-delta.crl");

        Assert.Equal(TimeSpan.FromMinutes(50), full.Headers.CacheControl!.MaxAge);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), full.Content.Headers.Expires);
        Assert.Equal(TimeSpan.FromMinutes(5), delta.Headers.CacheControl!.MaxAge);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 15, 0, TimeSpan.Zero), delta.Content.Headers.Expires);

        // A revocation makes the complete CRL due within a minute: caches must not keep the old one longer.
        var (_, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=soon.example.co.th", "soon.example.co.th") });
        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "superseded" })).StatusCode);
        var stale = await anonymous.GetAsync("/crl/issuing-ca.crl");

        Assert.Equal(TimeSpan.FromSeconds(60), stale.Headers.CacheControl!.MaxAge);
    }

    private static async Task<int> FullCrlCountAsync(PkiApiFactory factory)
    {
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return await db.Crls.CountAsync(c => c.CaId == "issuing-ca" && !c.IsDelta);
    }

    /// <summary>The background publisher runs on its own; this waits for it (generously), never for the clock.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the background publication did not happen within 30 s");
            await Task.Delay(50);
        }
    }
}
