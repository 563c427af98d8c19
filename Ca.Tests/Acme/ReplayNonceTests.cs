using System.Net;
using System.Text.Json.Nodes;
using Ca.Core.Acme;
using Ca.Core.Acme.Jws;
using Ca.Storage;
using Ca.Storage.Entities;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Acme;

/// <summary>
/// Replay nonces (RFC 8555 6.5) live in the database every instance shares: each is redeemable once,
/// until it expires, and none of it reaches the audit log. (Across instances on PostgreSQL:
/// Scaling/PostgresAcmeNonceTests.)
/// </summary>
public sealed class ReplayNonceTests(ReplayNonceTests.Service service) : IClassFixture<ReplayNonceTests.Service>
{
    private readonly FakeClockPkiApiFactory factory = service.Factory;

    /// <summary>One service with a clock the tests move.</summary>
    public sealed class Service : IDisposable
    {
        public FakeClockPkiApiFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task Nonce_IssuedAndRedeemed_StoredThenDeletedAndNeverAudited()
    {
        using var client = await ClientAsync();
        var auditBefore = await CountAsync<Ca.Storage.Entities.AuditRecordEntity>();
        var nonce = await client.NewNonceAsync();
        Assert.True(await StoredAsync(nonce));

        // onlyReturnExisting for an unknown key: the nonce is spent, nothing else changes.
        var (response, problem) = await ProbeAsync(client, nonce);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.Problem());
        Assert.Equal("urn:ietf:params:acme:error:accountDoesNotExist", problem!["type"]!.GetValue<string>());
        Assert.False(await StoredAsync(nonce));
        Assert.True(await StoredAsync(response.Headers.GetValues("Replay-Nonce").Single()));
        Assert.Equal(auditBefore, await CountAsync<Ca.Storage.Entities.AuditRecordEntity>());
    }

    [Fact]
    public async Task Nonce_Expired_BadNonceWhileAFreshOneIsAccepted()
    {
        using var client = await ClientAsync();
        var lifetime = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AcmeOptions>>().Value.NonceLifetime;
        var old = await client.NewNonceAsync();
        factory.Clock.Advance(lifetime + TimeSpan.FromSeconds(1));
        var fresh = await client.NewNonceAsync();

        var (expired, expiredProblem) = await ProbeAsync(client, old);
        var (accepted, acceptedProblem) = await ProbeAsync(client, fresh);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal("urn:ietf:params:acme:error:badNonce", expiredProblem!["type"]!.GetValue<string>());
        Assert.Equal("urn:ietf:params:acme:error:accountDoesNotExist", acceptedProblem!["type"]!.GetValue<string>());
        _ = accepted;
    }

    [Fact]
    public async Task Consume_ExpiredNonceNotYetPruned_RefusedWhileAnUnexpiredOneIsConsumed()
    {
        var store = factory.Services.GetRequiredService<INonceStore>();
        var now = factory.Clock.GetUtcNow();
        var expired = System.Security.Cryptography.RandomNumberGenerator.GetBytes(ReplayNonces.NonceBytes);
        var unexpired = System.Security.Cryptography.RandomNumberGenerator.GetBytes(ReplayNonces.NonceBytes);
        await store.AddAsync(expired, now, CancellationToken.None);
        await store.AddAsync(unexpired, now + TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.False(await store.TryConsumeAsync(expired, now, CancellationToken.None));
        Assert.True(await store.TryConsumeAsync(unexpired, now, CancellationToken.None));
        Assert.False(await store.TryConsumeAsync(unexpired, now, CancellationToken.None));
    }

    [Fact]
    public async Task Nonce_RedeemedByEightCallersAtOnce_ExactlyOneSucceeds()
    {
        var nonces = factory.Services.GetRequiredService<ReplayNonces>();
        var issued = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => nonces.IssueAsync(CancellationToken.None)));

        // Every attempt at every nonce at once, so the writer batches several attempts at one nonce together.
        var attempts = issued.SelectMany(n => Enumerable.Repeat(n, 8)).Select(async n => (Nonce: n, Accepted: await nonces.TryRedeemAsync(n, CancellationToken.None)));
        var results = await Task.WhenAll(attempts);

        foreach (var group in results.GroupBy(r => r.Nonce))
        {
            Assert.Equal(1, group.Count(r => r.Accepted));
        }
    }

    [Fact]
    public async Task Nonce_AnotherSpellingOfTheSameBytes_RefusedAndTheOriginalStillRedeemable()
    {
        var nonces = factory.Services.GetRequiredService<ReplayNonces>();
        var nonce = await nonces.IssueAsync(CancellationToken.None);

        // 22 base64url characters carry 132 bits; the last one's low 4 bits are not part of the 16 bytes.
        var last = nonce[^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sameBytes = nonce[..^1] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];
        Assert.Equal(Base64Url.TryDecode(nonce), Base64Url.TryDecode(sameBytes));

        Assert.False(await nonces.TryRedeemAsync(sameBytes, CancellationToken.None));
        Assert.False(await nonces.TryRedeemAsync(nonce + "=", CancellationToken.None));
        Assert.True(await nonces.TryRedeemAsync(nonce, CancellationToken.None));
    }

    [Fact]
    public async Task Issue_MoreExpiredNoncesThanOneBatch_PrunedABatchPerIssueAndLiveOnesKept()
    {
        var nonces = factory.Services.GetRequiredService<ReplayNonces>();
        factory.Clock.Advance(ReplayNonces.PruneInterval);
        var live = await nonces.IssueAsync(CancellationToken.None);
        var now = factory.Clock.GetUtcNow();
        await using (var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext())
        {
            db.Set<AcmeNonceEntity>().AddRange(Enumerable.Range(0, ReplayNonces.PruneBatch + 500)
                .Select(i => new AcmeNonceEntity { Value = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16), Expires = (now - TimeSpan.FromSeconds(1 + i)).UtcDateTime }));
            await db.SaveChangesAsync();
        }

        factory.Clock.Advance(ReplayNonces.PruneInterval);
        await nonces.IssueAsync(CancellationToken.None);
        var afterFirst = await CountExpiredAsync();
        await nonces.IssueAsync(CancellationToken.None);
        var afterSecond = await CountExpiredAsync();

        Assert.Equal(500, afterFirst);
        Assert.Equal(0, afterSecond);
        Assert.True(await StoredAsync(live));
    }

    private static async Task<(HttpResponseMessage Response, JsonNode? Problem)> ProbeAsync(AcmeTestClient client, string nonce) =>
        await client.PostAsync(client.Url("newAccount"), new JsonObject { ["onlyReturnExisting"] = true }, useJwk: true, nonceOverride: nonce);

    private async Task<AcmeTestClient> ClientAsync() => await new AcmeTestClient(factory.CreateClient(), "http://localhost/acme/directory").LoadDirectoryAsync();

    private async Task<bool> StoredAsync(string nonce)
    {
        var value = Base64Url.TryDecode(nonce)!;
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return await db.Set<AcmeNonceEntity>().AnyAsync(n => n.Value == value);
    }

    private async Task<int> CountExpiredAsync()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return await db.Set<AcmeNonceEntity>().CountAsync(n => n.Expires <= now);
    }

    private async Task<int> CountAsync<T>()
        where T : class
    {
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return await db.Set<T>().CountAsync();
    }
}
