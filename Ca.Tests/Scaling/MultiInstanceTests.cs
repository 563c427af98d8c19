using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ca.Api.Portal.People;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Storage;
using Ca.Storage.Writing;
using Ca.Tests.Support;
using Ca.Tests.Support.Postgres;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Scaling;

/// <summary>
/// Three instances on one PostgreSQL database behave as one service: the database, not a process, decides
/// serials, CRL numbers and the audit chain's order, and what one instance revokes the others stop
/// vouching for within two seconds. Those two seconds are measured from the revoking request's answer to
/// the moment the other instance's change-feed follower applied the change (<see cref="ChangeFeedWatch"/>),
/// and the other instance's very next answer must then show it: the test's own requests, slow on a
/// loaded machine, are not part of the measured time.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiInstanceTests(PostgresCluster cluster)
{
    [Fact]
    public async Task ThreeInstances_ThousandConcurrentIssuancesAndCrls_UniqueSerialsOneChainIncreasingCrlNumbers()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "thousand", 3);
        var key = group[0].AccountFor("requester", "requester").Key;
        var clients = group.Instances.Select(i => Client(i.BaseUrl, key)).ToList();
        var admins = group.Instances.Select(i => Client(i.BaseUrl, PkiApiFactory.AdminKey)).ToList();
        var csrs = Enumerable.Range(0, 20).Select(i => TestCsr.EcdsaP256($"CN=node{i}.example.co.th", $"node{i}.example.co.th")).ToArray();
        var serials = new ConcurrentBag<string>();

        var issuing = Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, _) =>
        {
            var (_, serial, _) = await clients[i % 3].IssueAsync(new { profile = "tls-server", csr = csrs[i % csrs.Length] });
            serials.Add(serial);
        });
        var publishing = Task.WhenAll(admins.Select(async admin =>
        {
            for (var i = 0; i < 4; i++)
            {
                using var response = await admin.PostAsync($"/api/v1/cas/issuing-ca/crl?delta={i % 2 == 1}", null);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }));
        await Task.WhenAll(issuing, publishing);

        Assert.Equal(1000, serials.Distinct().Count());
        await using var db = group[1].Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        Assert.Equal(1000, await db.Certificates.Where(c => c.Profile == "tls-server").Select(c => c.SerialNumber).Distinct().CountAsync());

        var audit = await db.AuditRecords.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
        Assert.Null(AuditChain.FindFirstBroken(audit.Select(AuditMapping.ToRecord)));
        Assert.Equal(1000, audit.Count(a => a.Action == AuditActions.CertificateIssued));
        var head = await db.AuditChainHead.AsNoTracking().SingleAsync();
        Assert.Equal((audit[^1].Sequence, audit[^1].Hash), (head.Sequence, head.Hash));

        // One number sequence per CA, in the order the CRLs were stored, complete and delta alike.
        foreach (var numbers in (await db.Crls.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.CaId, c.Number }).ToListAsync()).GroupBy(c => c.CaId))
        {
            var inOrder = numbers.Select(c => c.Number).ToList();
            Assert.True(inOrder.Zip(inOrder.Skip(1)).All(p => p.First < p.Second), $"{numbers.Key}: {string.Join(",", inOrder)}");
        }

        Assert.True(await db.Crls.CountAsync(c => c.CaId == "issuing-ca") >= 12);
        using var auditor = Client(group[2].BaseUrl, group[0].AccountFor("auditor", "auditor").Key);
        var verification = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
    }

    [Fact]
    public async Task RevokeOnA_NoncelessOcspGetOnBAndC_SaysRevokedWithinTwoSeconds()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "ocsp", 3);
        using var requester = Client(group[0].BaseUrl, group[0].AccountFor("requester", "requester").Key);
        var (_, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=fanout.example.co.th", "fanout.example.co.th") });
        var issuer = new X509Certificate(await requester.GetByteArrayAsync("/ca/issuing-ca.crt"));
        var others = new[] { group[1], group[2] }.Select(i => Client(i.BaseUrl, null)).ToList();
        using var watch = new ChangeFeedWatch(group.Instances);

        // B and C answer "good" and keep that answer pre-signed.
        foreach (var other in others)
        {
            Assert.Equal("good", await OcspGet.StatusAsync(other, issuer, serial));
            Assert.Equal("good", await OcspGet.StatusAsync(other, issuer, serial));
        }

        using var officer = Client(group[0].BaseUrl, group[0].AccountFor("officer", "officer").Key);
        using (var revoke = await officer.PostAsJsonAsync($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var revokedAt = Stopwatch.GetTimestamp();
        var head = await ChangeFeedWatch.HeadAsync(group[0]);
        foreach (var (other, index) in others.Select((c, i) => (c, i + 1)))
        {
            var took = await watch.CaughtUpAsync(index, head, revokedAt);
            Assert.True(took <= TimeSpan.FromSeconds(2), $"{other.BaseAddress} applied the revocation {took} after it was made");
            Assert.Equal("revoked", await OcspGet.StatusAsync(other, issuer, serial));
        }

        // Each instance reports for itself, in Prometheus text.
        foreach (var other in others)
        {
            using var metrics = await other.GetAsync("/metrics");
            Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
            Assert.Matches("""pki_ocsp_responses_total\{[^}]*source="cache"[^}]*\} [1-9]""", await metrics.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ApiKeyRevokedOnA_UsedOnB_RefusedWithinTheCacheTime()
    {
        // A long cache, so that B refusing in time is the change feed's doing and not the entry expiring.
        await using var group = await InstanceGroup.StartAsync(cluster, "apikey", 2, new Dictionary<string, string?> { ["Pki:Authentication:CacheDuration"] = "00:01:00" });
        var (accountId, key) = group[0].AccountFor("leaver", "requester");
        using var onB = Client(group[1].BaseUrl, key);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/certificates")).StatusCode); // B now holds the key in its cache
        using var watch = new ChangeFeedWatch(group.Instances);

        using var admin = Client(group[0].BaseUrl, PkiApiFactory.AdminKey);
        var keys = await admin.GetJsonAsync($"/api/v1/accounts/{accountId}/keys");
        var keyId = keys.AsArray().Single()!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/accounts/{accountId}/keys/{keyId}")).StatusCode);

        var revoked = Stopwatch.GetTimestamp();
        var took = await watch.CaughtUpAsync(1, await ChangeFeedWatch.HeadAsync(group[0]), revoked);

        Assert.True(took <= TimeSpan.FromSeconds(2), $"B applied the key's revocation {took} after it was made");
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/certificates")).StatusCode);
    }

    [Fact]
    public async Task IssuingCaRevokedOnA_IssuanceOnB_RefusedWithinTwoSeconds()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "carevoke", 2);
        using var onB = Client(group[1].BaseUrl, group[0].AccountFor("requester", "requester").Key);
        var body = new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=late.example.co.th", "late.example.co.th") };
        await onB.IssueAsync(body); // B has the issuing CA loaded and ready to sign
        using var watch = new ChangeFeedWatch(group.Instances);

        using var admin = Client(group[0].BaseUrl, PkiApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsyncExact("/api/v1/cas/issuing-ca/revoke", new { reason = "cACompromise" })).StatusCode);

        var revoked = Stopwatch.GetTimestamp();
        var took = await watch.CaughtUpAsync(1, await ChangeFeedWatch.HeadAsync(group[0]), revoked);

        Assert.True(took <= TimeSpan.FromSeconds(2), $"B applied the CA's revocation {took} after it was made");
        Assert.Equal(HttpStatusCode.Conflict, (await onB.PostJsonAsync("/api/v1/certificate-requests", body)).Response.StatusCode);
    }

    [Fact]
    public async Task OcspResponderRevokedOnA_OcspOnB_SignedByAnotherResponderWithinTwoSeconds()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "responder", 2);
        using var requester = Client(group[0].BaseUrl, group[0].AccountFor("requester", "requester").Key);
        var (_, leaf, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=relying.example.co.th", "relying.example.co.th") });
        var issuer = new X509Certificate(await requester.GetByteArrayAsync("/ca/issuing-ca.crt"));
        using var onB = Client(group[1].BaseUrl, null);
        var responder = await OcspResponderAsync(onB, issuer, leaf); // B now signs with this responder
        using var watch = new ChangeFeedWatch(group.Instances);

        using var officer = Client(group[0].BaseUrl, group[0].AccountFor("officer", "officer").Key);
        using (var revoke = await officer.PostAsJsonAsync($"/api/v1/certificates/{responder.SerialNumber.ToString(16)}/revoke", new { reason = "keyCompromise" }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var revoked = Stopwatch.GetTimestamp();
        var took = await watch.CaughtUpAsync(1, await ChangeFeedWatch.HeadAsync(group[0]), revoked);
        var signer = await OcspResponderAsync(onB, issuer, leaf);

        Assert.True(took <= TimeSpan.FromSeconds(2), $"B applied the responder's revocation {took} after it was made");
        Assert.NotEqual(responder.SerialNumber, signer.SerialNumber);
        signer.Verify(issuer.GetPublicKey());
    }

    [Fact]
    public async Task PortalSignInOnA_SessionCookieOnB_SignedIn()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "portal", 2);
        var organization = group[0].AccountFor("ministry", "requester").AccountId;
        using (var scope = group[0].Services.CreateScope())
        {
            var link = await scope.ServiceProvider.GetRequiredService<PeopleDirectory>()
                .CreateAsync(organization, "somchai", "Somchai Tester", [Roles.Requester], CallerContext.System("test"), default);
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().ResetPasswordAsync(link.Person, link.Token, "a long enough test password")).Succeeded);
        }

        // Signs in through A's form (its antiforgery token included), as a browser would.
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(group[0].BaseUrl) };
        var form = await onA.GetStringAsync("/signin");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(antiforgery.Success, form);
        using var signIn = await onA.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "somchai",
            ["Password"] = "a long enough test password",
            ["__af"] = antiforgery.Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = cookies.GetCookies(new Uri(group[0].BaseUrl))["pki.session"];
        Assert.NotNull(session);

        using var onB = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(group[1].BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account");
        request.Headers.Add("Cookie", $"pki.session={session.Value}");
        request.Headers.Accept.ParseAdd("text/html");
        using var account = await onB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains("somchai", await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledCrlJob_ThreeInstances_FiresOnceAcrossThem()
    {
        var interval = TimeSpan.FromSeconds(2);
        await using var group = await InstanceGroup.StartAsync(cluster, "crljob", 3, new Dictionary<string, string?>
        {
            [PkiApiFactory.ScheduledJobs] = "true",
            ["Pki:Crl:FullInterval"] = interval.ToString(),
            ["Pki:Crl:EnableDelta"] = "false",
        });

        // Observed over a window that opens once every instance has started plus a margin: triggers that came due
        // while the instances were starting fire one after another as soon as a scheduler runs (Quartz catches up
        // on anything less late than its misfire threshold), a burst as long as the start-up was slow, which says
        // nothing about clustering. In the window one clustered scheduler fires once per interval, three schedulers
        // of their own three times as often; the bound is below two schedulers' worth, because a starved machine
        // may still fire a late trigger and then the next one on time.
        var window = TimeSpan.FromSeconds(20);
        var observedFrom = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var observedUntil = observedFrom + window;
        await Task.Delay(observedUntil - DateTime.UtcNow + interval);

        await using var db = group[0].Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        var runs = (await db.AuditRecords.AsNoTracking()
                .Where(a => a.Action == AuditActions.CrlPublished && a.Target == "root-ca" && a.Actor == "system:crl-full-job")
                .Select(a => a.At).ToListAsync())
            .Where(at => at >= observedFrom && at < observedUntil)
            .ToList();

        var oneScheduler = (int)(window / interval);
        Assert.InRange(runs.Count, 2, (2 * oneScheduler) - 1);
    }

    /// <summary>The certificate that signed the answer to a POSTed request with a nonce (never a cached answer).</summary>
    private static async Task<X509Certificate> OcspResponderAsync(HttpClient client, X509Certificate issuer, string serialHex)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, new Org.BouncyCastle.Math.BigInteger(serialHex, 16)));
        generator.SetRequestExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
        {
            [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(new DerOctetString(Guid.NewGuid().ToByteArray()))),
        }));
        using var content = new ByteArrayContent(generator.Generate().GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using var response = await client.PostAsync("/ocsp", content);
        response.EnsureSuccessStatusCode();
        var basic = Assert.IsType<BasicOcspResp>(new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject());
        return Assert.Single(basic.GetCerts());
    }

    private static HttpClient Client(string baseUrl, string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
