using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ca.Tests.Support;

namespace Ca.Tests.Acme.Support;

/// <summary>The steps of the ACME flow the tests share, each asserting what RFC 8555 promises.</summary>
public static class AcmeFlow
{
    public static async Task<(string ChainPem, JsonNode Order)> IssueAsync(AcmeTestClient client, ChallengeHttpServer web, params string[] names)
    {
        var (orderResponse, order) = await client.NewOrderAsync(names);
        Assert.True(orderResponse.StatusCode == HttpStatusCode.Created, order.Problem());
        var orderUrl = orderResponse.Headers.Location!.ToString();
        foreach (var authorizationUrl in order!["authorizations"]!.AsArray().Select(a => a!.GetValue<string>()))
        {
            var (_, authorization) = await client.PostAsync(authorizationUrl, null);
            if (authorization!["status"]!.GetValue<string>() == "valid")
            {
                continue;
            }

            var challenge = authorization["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "http-01")!;
            var token = challenge["token"]!.GetValue<string>();
            web.Serve(token, AcmeTestClient.KeyAuthorization(token, client.Thumbprint));
            var (answered, _) = await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            var settled = await client.PollAsync(authorizationUrl, "pending");
            Assert.True(settled["status"]!.GetValue<string>() == "valid", settled.ToJsonString());
        }

        return await FinalizeAsync(client, orderUrl, names);
    }

    /// <summary>Answers every pending authorization of an order by http-01 and waits until each is settled.</summary>
    public static async Task<string> AuthorizeAsync(AcmeTestClient client, ChallengeHttpServer web, params string[] names)
    {
        var (orderResponse, order) = await client.NewOrderAsync(names);
        Assert.True(orderResponse.StatusCode == HttpStatusCode.Created, order.Problem());
        var orderUrl = orderResponse.Headers.Location!.ToString();
        foreach (var authorizationUrl in order!["authorizations"]!.AsArray().Select(a => a!.GetValue<string>()))
        {
            var (_, authorization) = await client.PostAsync(authorizationUrl, null);
            var challenge = authorization!["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "http-01")!;
            var token = challenge["token"]!.GetValue<string>();
            web.Serve(token, AcmeTestClient.KeyAuthorization(token, client.Thumbprint));
            await client.PostAsync(challenge["url"]!.GetValue<string>(), new JsonObject());
            await client.PollAsync(authorizationUrl, "pending");
        }

        return orderUrl;
    }

    /// <summary>Finalizes a ready order with a fresh P-256 key and downloads the chain.</summary>
    public static async Task<(string ChainPem, JsonNode Order)> FinalizeAsync(AcmeTestClient client, string orderUrl, params string[] names)
    {
        var ready = await client.PollAsync(orderUrl, "pending");
        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (finalized, finalOrder) = await client.PostAsync(ready["finalize"]!.GetValue<string>(), new JsonObject { ["csr"] = TestCsrs.For(key, names[0], names) });
        Assert.True(finalized.StatusCode == HttpStatusCode.OK, finalOrder.Problem());
        var valid = await client.PollAsync(orderUrl, "processing");
        var (download, chain) = await client.PostAsync(valid["certificate"]!.GetValue<string>(), null);
        Assert.Equal("application/pem-certificate-chain", download.Content.Headers.ContentType!.MediaType);
        return (chain!.GetValue<string>(), valid);
    }
}
