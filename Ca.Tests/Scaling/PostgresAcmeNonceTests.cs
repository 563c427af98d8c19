using System.Net;
using System.Text.Json.Nodes;
using Ca.Core.Acme;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;
using Ca.Tests.Support.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Scaling;

/// <summary>
/// ACME replay nonces behind a load balancer: two instances on one PostgreSQL database, each nonce usable on
/// either instance and on only one of them, once (RFC 8555 6.5), so a client is never sent back for a nonce
/// the other instance issued and a replay is refused whichever instance it reaches.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAcmeNonceTests(PostgresCluster cluster)
{
    private const string BadNonce = "urn:ietf:params:acme:error:badNonce";

    // What a request with a good nonce gets here: newAccount with onlyReturnExisting for a key without account.
    private const string Accepted = "urn:ietf:params:acme:error:accountDoesNotExist";

    [Fact]
    public async Task Nonce_IssuedByA_AcceptedOnceByBThenBadNonceOnBoth()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "nonce", 2);
        using var a = await ClientAsync(group[0]);
        using var b = await ClientAsync(group[1]);
        var nonce = await a.NewNonceAsync();

        var onB = await ProbeAsync(b, nonce);
        var againOnB = await ProbeAsync(b, nonce);
        var againOnA = await ProbeAsync(a, nonce);

        Assert.Equal(Accepted, onB);
        Assert.Equal(BadNonce, againOnB);
        Assert.Equal(BadNonce, againOnA);
    }

    [Fact]
    public async Task Nonce_RedeemedOnAAndBAtOnce_ExactlyOneAccepts()
    {
        await using var group = await InstanceGroup.StartAsync(cluster, "nonce_race", 2);
        using var a = await ClientAsync(group[0]);
        using var b = await ClientAsync(group[1]);

        // Through HTTP: the same nonce sent to both instances at the same moment.
        for (var round = 0; round < 20; round++)
        {
            var nonce = await (round % 2 == 0 ? a : b).NewNonceAsync();
            var answers = await Task.WhenAll(ProbeAsync(a, nonce), ProbeAsync(b, nonce));
            Assert.True(answers.Count(x => x == Accepted) == 1 && answers.Count(x => x == BadNonce) == 1, $"round {round}: {string.Join(", ", answers)}");
        }

        // Straight at each instance's nonce service: many redemptions of each nonce racing on both writers.
        var nonceServices = group.Instances.Select(i => i.Services.GetRequiredService<ReplayNonces>()).ToList();
        var issued = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => nonceServices[i % 2].IssueAsync(CancellationToken.None)));
        var attempts = issued.SelectMany(n => Enumerable.Range(0, 4).Select(async i => (Nonce: n, Accepted: await nonceServices[i % 2].TryRedeemAsync(n, CancellationToken.None))));
        var results = await Task.WhenAll(attempts);
        foreach (var nonce in results.GroupBy(r => r.Nonce))
        {
            Assert.Equal(1, nonce.Count(r => r.Accepted));
        }
    }

    private static async Task<AcmeTestClient> ClientAsync(PostgresInstance instance) =>
        await new AcmeTestClient(new HttpClient { Timeout = TimeSpan.FromMinutes(2) }, instance.BaseUrl + "/acme/directory").LoadDirectoryAsync();

    private static async Task<string> ProbeAsync(AcmeTestClient client, string nonce)
    {
        var (response, problem) = await client.PostAsync(client.Url("newAccount"), new JsonObject { ["onlyReturnExisting"] = true }, useJwk: true, nonceOverride: nonce);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.Problem());
        return problem!["type"]!.GetValue<string>();
    }
}
