using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ca.Storage;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Acme;

/// <summary>What the ACME server refuses, and that each refusal is an ACME problem document that changes nothing.</summary>
public sealed class AcmeRefusalTests(AcmeRefusalTests.Service service) : IClassFixture<AcmeRefusalTests.Service>
{
    private const string Name = "www.acme-test.example";
    private readonly ChallengeHttpServer web = service.Web;
    private readonly AcmeApiFactory factory = service.Factory;

    /// <summary>One service and one http-01 responder for the class; each test uses its own business and accounts.</summary>
    public sealed class Service : IDisposable
    {
        public ChallengeHttpServer Web { get; } = new();

        public AcmeApiFactory Factory { get; }

        public Service()
        {
            Factory = new AcmeApiFactory(httpPort: Web.Port, extra: new Dictionary<string, string?> { ["Pki:Acme:OrdersPerAccountPerWindow"] = "6" });
        }

        public void Dispose()
        {
            Factory.Dispose();
            Web.Dispose();
        }
    }

    [Fact]
    public async Task NewAccount_WithoutEab_ExternalAccountRequiredAndNothingStored()
    {
        using var client = await Client();
        var before = await CountAccountsAsync();

        var (response, problem) = await client.NewAccountAsync(null, null);

        AssertProblem(response, problem, "externalAccountRequired", 400);
        Assert.True(response.Headers.Contains("Replay-Nonce"));
        Assert.Equal(before, await CountAccountsAsync());
    }

    [Fact]
    public async Task NewAccount_EabCredentialUsedTwice_Unauthorized()
    {
        var (_, kid, hmac) = await factory.NewEabAsync();
        using var first = await Client();
        using var second = await Client();
        Assert.Equal(HttpStatusCode.Created, (await first.NewAccountAsync(kid, hmac)).Response.StatusCode);

        var (response, problem) = await second.NewAccountAsync(kid, hmac);

        AssertProblem(response, problem, "unauthorized", 403);
    }

    [Fact]
    public async Task NewAccount_EabWithWrongMacKey_Unauthorized()
    {
        var (_, kid, _) = await factory.NewEabAsync();
        using var client = await Client();

        var (response, problem) = await client.NewAccountAsync(kid, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        AssertProblem(response, problem, "unauthorized", 403);
    }

    [Fact]
    public async Task Post_ReplayedNonce_BadNonceWithAFreshNonce()
    {
        using var client = await AccountAsync();
        var nonce = await client.NewNonceAsync();
        var (first, _) = await client.PostAsync(client.AccountUrl!, null, nonceOverride: nonce);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var (replayed, problem) = await client.PostAsync(client.AccountUrl!, null, nonceOverride: nonce);

        AssertProblem(replayed, problem, "badNonce", 400);
        Assert.NotEqual(nonce, replayed.Headers.GetValues("Replay-Nonce").Single());
    }

    [Fact]
    public async Task Post_KidSignedByAnotherKey_MalformedSignature()
    {
        using var client = await AccountAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (response, problem) = await client.PostAsync(client.Url("newOrder"), new JsonObject { ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = Name }) }, signer: stranger);

        AssertProblem(response, problem, "malformed", 400);
        Assert.Contains("signature", problem!["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_SignedUrlIsAnotherResource_Unauthorized()
    {
        using var client = await AccountAsync();

        var (response, problem) = await client.PostAsync(client.Url("newOrder"), new JsonObject { ["identifiers"] = new JsonArray() }, urlOverride: client.Url("revokeCert"));

        AssertProblem(response, problem, "unauthorized", 403);
    }

    /// <summary>A cursor the framework could not bind as an int was its own (non-ACME) problem; found by the mutation campaign.</summary>
    [Theory]
    [InlineData("root-ca")]
    [InlineData("2147483647")]
    [InlineData("-1")]
    public async Task Orders_CursorNotAPageNumber_MalformedAcmeProblem(string cursor)
    {
        using var client = await AccountAsync();
        var url = client.AccountUrl + "/orders?cursor=" + cursor;

        var (response, problem) = await client.PostAsync(url, null);

        AssertProblem(response, problem, "malformed", 400);
    }

    [Fact]
    public async Task Post_NotJoseJson_Malformed415()
    {
        var response = await factory.CreateClient().PostAsync("/acme/new-order", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("urn:ietf:params:acme:error:malformed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Challenge_NameTheClientDoesNotServe_UnauthorizedAndOrderInvalid()
    {
        using var client = await AccountAsync();
        var (created, order) = await client.NewOrderAsync(Name);
        var authorizationUrl = order!["authorizations"]![0]!.GetValue<string>();
        var (_, authorization) = await client.PostAsync(authorizationUrl, null);
        var challenge = authorization!["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "http-01")!;

        await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
        var settled = await client.PollAsync(authorizationUrl, "pending");

        Assert.Equal("invalid", settled["status"]!.GetValue<string>());
        var error = settled["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "http-01")!["error"]!;
        Assert.Equal("urn:ietf:params:acme:error:unauthorized", error["type"]!.GetValue<string>());
        var (_, invalidOrder) = await client.PostAsync(created.Headers.Location!.ToString(), null);
        Assert.Equal("invalid", invalidOrder!["status"]!.GetValue<string>());
        var (finalize, problem) = await client.PostAsync(invalidOrder["finalize"]!.GetValue<string>(), new JsonObject { ["csr"] = TestCsrs.For(ECDsa.Create(), Name, Name) });
        AssertProblem(finalize, problem, "orderNotReady", 403);
    }

    [Fact]
    public async Task Finalize_CsrWithAKeyTheProfileForbids_BadCsrWithTheReasonAndOrderReadyAgain()
    {
        using var client = await AccountAsync();
        var orderUrl = await AcmeFlow.AuthorizeAsync(client, web, Name);
        var (_, ready) = await client.PostAsync(orderUrl, null);
        using var weak = RSA.Create(1024);

        var (response, problem) = await client.PostAsync(ready!["finalize"]!.GetValue<string>(), new JsonObject { ["csr"] = TestCsrs.For(weak, Name, Name) });

        AssertProblem(response, problem, "badCSR", 400);
        Assert.Contains("1024", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, again) = await client.PostAsync(orderUrl, null);
        Assert.Equal("ready", again!["status"]!.GetValue<string>());
        var (chain, valid) = await AcmeFlow.FinalizeAsync(client, orderUrl, Name);
        Assert.Equal("valid", valid["status"]!.GetValue<string>());
        Assert.Contains("BEGIN CERTIFICATE", chain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finalize_CsrNamingAnotherName_BadCsr()
    {
        using var client = await AccountAsync();
        var orderUrl = await AcmeFlow.AuthorizeAsync(client, web, Name);
        var (_, ready) = await client.PostAsync(orderUrl, null);

        var (response, problem) = await client.PostAsync(ready!["finalize"]!.GetValue<string>(), new JsonObject { ["csr"] = TestCsrs.For(ECDsa.Create(), null, Name, "mail.acme-test.example") });

        AssertProblem(response, problem, "badCSR", 400);
        Assert.Contains("mail.acme-test.example", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewOrder_OverThePerAccountLimit_RateLimitedWithRetryAfter()
    {
        using var client = await AccountAsync();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.NewOrderAsync(Name)).Response.StatusCode);
        }

        var (response, problem) = await client.NewOrderAsync(Name);

        AssertProblem(response, problem, "rateLimited", 429);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task NewOrder_NamesNoIssuanceIsPossibleFor_RejectedIdentifierPerName()
    {
        using var client = await AccountAsync();

        var (response, problem) = await client.PostAsync(client.Url("newOrder"), new JsonObject
        {
            ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = "not a name" }, new JsonObject { ["type"] = "dns", ["value"] = "localhost" }),
        });

        AssertProblem(response, problem, "rejectedIdentifier", 400);
        Assert.Equal(2, problem!["subproblems"]!.AsArray().Count);
    }

    [Fact]
    public async Task Revoke_ByAnAccountThatNeitherOrderedNorValidated_Unauthorized()
    {
        using var owner = await AccountAsync();
        var (chain, _) = await AcmeFlow.IssueAsync(owner, web, Name);
        using var other = await AccountAsync("other-business");

        var (response, problem) = await other.PostAsync(other.Url("revokeCert"), new JsonObject { ["certificate"] = LeafDer(chain) });

        AssertProblem(response, problem, "unauthorized", 403);
    }

    [Fact]
    public async Task Revoke_SignedWithTheCertificateKey_RevokedAndRenewalWindowMovesToNow()
    {
        using var client = await AccountAsync();
        var orderUrl = await AcmeFlow.AuthorizeAsync(client, web, Name);
        var (_, ready) = await client.PostAsync(orderUrl, null);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await client.PostAsync(ready!["finalize"]!.GetValue<string>(), new JsonObject { ["csr"] = TestCsrs.For(certificateKey, Name, Name) });
        var valid = await client.PollAsync(orderUrl, "processing");
        var (_, chain) = await client.PostAsync(valid["certificate"]!.GetValue<string>(), null);
        var der = LeafDer(chain!.GetValue<string>());
        var renewalUrl = client.Url("renewalInfo") + "/" + Ca.Core.Acme.RenewalInfoService.CertificateId(new Org.BouncyCastle.X509.X509Certificate(Ca.Core.Acme.Jws.Base64Url.TryDecode(der)));
        var before = await factory.CreateClient().GetJsonAsync(renewalUrl);
        Assert.True(DateTimeOffset.Parse(before["suggestedWindow"]!["start"]!.GetValue<string>()) > DateTimeOffset.UtcNow.AddDays(30));

        var (response, _) = await client.PostAsync(client.Url("revokeCert"), new JsonObject { ["certificate"] = der, ["reason"] = 1 }, useJwk: true, signer: certificateKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await factory.CreateClient().GetJsonAsync(renewalUrl);
        Assert.True(DateTimeOffset.Parse(after["suggestedWindow"]!["start"]!.GetValue<string>()) <= DateTimeOffset.UtcNow);
        Assert.True(DateTimeOffset.Parse(after["suggestedWindow"]!["end"]!.GetValue<string>()) > DateTimeOffset.UtcNow);
        var (again, problem) = await client.PostAsync(client.Url("revokeCert"), new JsonObject { ["certificate"] = der });
        AssertProblem(again, problem, "alreadyRevoked", 400);
    }

    [Fact]
    public async Task Revoke_SignedWithTheCertificateKey_AuditedAsTheKeyHolderNotTheOwner()
    {
        var business = "business-" + Guid.NewGuid().ToString("N")[..8];
        using var client = await AccountAsync(business);
        var orderUrl = await AcmeFlow.AuthorizeAsync(client, web, Name);
        var (_, ready) = await client.PostAsync(orderUrl, null);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await client.PostAsync(ready!["finalize"]!.GetValue<string>(), new JsonObject { ["csr"] = TestCsrs.For(certificateKey, Name, Name) });
        var valid = await client.PollAsync(orderUrl, "processing");
        var (_, chain) = await client.PostAsync(valid["certificate"]!.GetValue<string>(), null);
        var der = LeafDer(chain!.GetValue<string>());

        var (response, body) = await client.PostAsync(client.Url("revokeCert"), new JsonObject { ["certificate"] = der, ["reason"] = 1 }, useJwk: true, signer: certificateKey);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.Problem());
        var revoked = await RevocationAuditAsync(der);
        // RFC 7638: the JWK with its required members in lexicographic order, as AcmeTestClient.Jwk writes it.
        var keyThumbprint = Ca.Core.Acme.Jws.Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AcmeTestClient.Jwk(certificateKey).ToJsonString())));
        Assert.Equal("acme-certificate-key:" + keyThumbprint, revoked.Actor);
        Assert.NotEqual(factory.AccountFor(business, "requester").AccountId, revoked.Actor);
    }

    [Fact]
    public async Task Revoke_ByAnotherBusinessThatValidatedEveryName_AuditedAsThatBusiness()
    {
        using var owner = await AccountAsync();
        var (chain, _) = await AcmeFlow.IssueAsync(owner, web, Name);
        var validator = "validator-" + Guid.NewGuid().ToString("N")[..8];
        using var other = await AccountAsync(validator);
        await AcmeFlow.AuthorizeAsync(other, web, Name);

        var (response, body) = await other.PostAsync(other.Url("revokeCert"), new JsonObject { ["certificate"] = LeafDer(chain) });

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.Problem());
        var revoked = await RevocationAuditAsync(LeafDer(chain));
        Assert.Equal(factory.AccountFor(validator, "requester").AccountId, revoked.Actor);
    }

    [Fact]
    public async Task KeyChange_ToANewKey_NewKeyWorksAndOldKeyIsRefused()
    {
        using var client = await AccountAsync();
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var inner = AcmeTestClient.Sign(newKey, new JsonObject { ["alg"] = "ES256", ["jwk"] = AcmeTestClient.Jwk(newKey), ["url"] = client.Url("keyChange") },
            new JsonObject { ["account"] = client.AccountUrl, ["oldKey"] = AcmeTestClient.Jwk(client.Key) }.ToJsonString());

        var (changed, body) = await client.PostAsync(client.Url("keyChange"), inner);

        Assert.True(changed.StatusCode == HttpStatusCode.OK, body.Problem());
        var (old, problem) = await client.PostAsync(client.AccountUrl!, null);
        AssertProblem(old, problem, "malformed", 400);
        var (fresh, _) = await client.PostAsync(client.AccountUrl!, null, signer: newKey);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Account_Deactivated_LaterRequestsUnauthorized()
    {
        using var client = await AccountAsync();

        var (response, account) = await client.PostAsync(client.AccountUrl!, new JsonObject { ["status"] = "deactivated" });

        Assert.Equal("deactivated", account!["status"]!.GetValue<string>());
        var (order, problem) = await client.NewOrderAsync(Name);
        AssertProblem(order, problem, "unauthorized", 403);
        _ = response;
    }

    [Fact]
    public async Task EabRevoked_AccountItCreatedIsRevoked()
    {
        var (_, kid, hmac) = await factory.NewEabAsync("revoking-business");
        using var client = await Client();
        await client.NewAccountAsync(kid, hmac);
        using var business = factory.CreateClientWithKey(factory.AccountFor("revoking-business", "requester").Key);
        using var stranger = factory.CreateClientWithKey(factory.AccountFor("stranger", "requester").Key);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/acme/eab/{kid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await business.DeleteAsync($"/api/v1/acme/eab/{kid}")).StatusCode);

        var (order, problem) = await client.NewOrderAsync(Name);
        AssertProblem(order, problem, "unauthorized", 403);
        var accounts = await business.GetJsonAsync("/api/v1/acme/accounts");
        Assert.Equal("revoked", accounts[0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issuance_EveryStateChange_IsAudited()
    {
        using var client = await AccountAsync();
        await AcmeFlow.IssueAsync(client, web, Name);

        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        var actions = await db.AuditRecords.Select(a => a.Action).ToListAsync();
        foreach (var action in new[] { "acme.eab.created", "acme.account.created", "acme.order.created", "acme.challenge.started", "acme.challenge.valid", "acme.order.processing", "certificate.issued", "acme.order.valid" })
        {
            Assert.Contains(action, actions);
        }
    }

    private static string LeafDer(string chainPem) =>
        Ca.Core.Acme.Jws.Base64Url.Encode(Ca.Core.Common.Pem.DecodeAll(chainPem, "CERTIFICATE")[0]);

    private static void AssertProblem(HttpResponseMessage response, JsonNode? problem, string type, int status)
    {
        Assert.True((int)response.StatusCode == status, $"expected {status} {type}, got {(int)response.StatusCode}: {problem.Problem()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("urn:ietf:params:acme:error:" + type, problem!["type"]!.GetValue<string>());
    }

    private async Task<Ca.Storage.Entities.AuditRecordEntity> RevocationAuditAsync(string leafDer)
    {
        var serial = Ca.Core.Common.SerialNumber.From(new Org.BouncyCastle.X509.X509Certificate(Ca.Core.Acme.Jws.Base64Url.TryDecode(leafDer)).SerialNumber).Hex;
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return await db.AuditRecords.AsNoTracking().SingleAsync(a => a.Action == "certificate.revoked" && a.Target == serial);
    }

    private async Task<int> CountAccountsAsync()
    {
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return await db.Set<Ca.Storage.Entities.AcmeAccountEntity>().CountAsync();
    }

    private async Task<AcmeTestClient> AccountAsync(string? business = null)
    {
        var (_, kid, hmac) = await factory.NewEabAsync(business ?? "business-" + Guid.NewGuid().ToString("N")[..8]);
        var client = await Client();
        var (response, body) = await client.NewAccountAsync(kid, hmac);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.Problem());
        return client;
    }

    private async Task<AcmeTestClient> Client() => await new AcmeTestClient(factory.CreateClient(), "http://localhost/acme/directory").LoadDirectoryAsync();

}
