using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ca.Core.Acme.Jws;
using Ca.Core.Common;
using Ca.Tests.Acme.Support;

namespace Ca.Tests.Mutation;

/// <summary>One ACME request the service accepts as it is: where it goes, whether it names its key by jwk or by kid, and its payload (null: POST-as-GET).</summary>
internal sealed record AcmeSeed(string Name, string Url, bool UseJwk, JsonObject? Payload);

/// <summary>
/// ACME (RFC 8555) requests from an account the campaign registered with an EAB credential: new-account (with the
/// binding), new-order, the order, its authorization, finalize with a CSR, the account, revoke-cert and
/// key-change. Each case takes a fresh nonce and damages the payload or the protected header and signs the result
/// properly (so the damage reaches the service's checks behind the signature), or damages the JWS itself (fields,
/// bytes, media type). Errors must be ACME problem documents (application/problem+json, RFC 8555 6.7).
/// </summary>
internal sealed class AcmeCases
{
    private readonly MutationTarget target;
    private readonly ECDsa key;

    private AcmeCases(MutationTarget target, ECDsa key, IReadOnlyList<AcmeSeed> seeds)
    {
        this.target = target;
        this.key = key;
        Seeds = seeds;
    }

    public IReadOnlyList<AcmeSeed> Seeds { get; }

    /// <summary>Registers an account (EAB), opens an order and checks each seed is accepted unmodified.</summary>
    public static async Task<AcmeCases> CreateAsync(MutationTarget target)
    {
        using var requester = target.Client(target.Seeds.RequesterKey);
        using var eabResponse = await requester.PostAsync("/api/v1/acme/eab", new StringContent("{}", Encoding.UTF8, "application/json"));
        var eab = JsonNode.Parse(await eabResponse.Content.ReadAsStringAsync())!;
        Assert.True(eabResponse.IsSuccessStatusCode, $"EAB answered {(int)eabResponse.StatusCode}: {eab}");
        var kid = eab["kid"]!.GetValue<string>();
        var hmacKey = eab["hmacKey"]!.GetValue<string>();

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "mutation", "ec-p256.key")));
        using var http = target.Client(null);
        var client = await new AcmeTestClient(http, target.Service.BaseUrl + "/acme/directory", key).LoadDirectoryAsync();
        var binding = client.ExternalAccountBinding(kid, hmacKey);
        var (account, accountBody) = await client.NewAccountAsync(kid, hmacKey);
        Assert.True(account.IsSuccessStatusCode, $"new-account answered {(int)account.StatusCode}: {accountBody}");
        var (order, orderBody) = await client.NewOrderAsync("www.mutation.example");
        Assert.True(order.IsSuccessStatusCode, $"new-order answered {(int)order.StatusCode}: {orderBody}");
        var orderUrl = order.Headers.Location!.ToString();

        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wrongOldKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyChange = client.Url("keyChange");
        var inner = AcmeTestClient.Sign(newKey, new JsonObject { ["alg"] = "ES256", ["jwk"] = AcmeTestClient.Jwk(newKey), ["url"] = keyChange },
            new JsonObject { ["account"] = client.AccountUrl, ["oldKey"] = AcmeTestClient.Jwk(wrongOldKey) }.ToJsonString());
        var leaf = target.Seeds.Chains[0].Certificates[0];
        var seeds = new List<AcmeSeed>
        {
            new("new-account with EAB", client.Url("newAccount"), true, new JsonObject
            {
                ["termsOfServiceAgreed"] = true, ["contact"] = new JsonArray("mailto:ops@example.co.th"), ["externalAccountBinding"] = binding,
            }),
            new("new-account, only existing", client.Url("newAccount"), true, new JsonObject { ["onlyReturnExisting"] = true }),
            new("new-order", client.Url("newOrder"), false, new JsonObject
            {
                ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = "api.mutation.example" }, new JsonObject { ["type"] = "ip", ["value"] = "192.0.2.7" }),
            }),
            new("order, POST-as-GET", orderUrl, false, null),
            new("authorization, POST-as-GET", orderBody!["authorizations"]![0]!.GetValue<string>(), false, null),
            new("finalize (order not ready)", orderBody["finalize"]!.GetValue<string>(), false, new JsonObject
            {
                ["csr"] = Base64Url.Encode(Pem.TryDecode(TestCsrs.For(ECDsa.Create(ECCurve.NamedCurves.nistP256), null, "www.mutation.example"), "CERTIFICATE REQUEST")),
            }),
            new("account update", client.AccountUrl!, false, new JsonObject { ["contact"] = new JsonArray("mailto:ops@example.co.th") }),
            new("revoke-cert (not this account's)", client.Url("revokeCert"), false, new JsonObject { ["certificate"] = Base64Url.Encode(leaf), ["reason"] = 4 }),
            new("key-change (old key wrong)", keyChange, false, inner),
        };

        var cases = new AcmeCases(target, key, seeds);
        foreach (var seed in seeds)
        {
            var nonce = await cases.NonceAsync();
            var body = cases.Jws(cases.Header(seed, nonce, client.AccountUrl!), seed.Payload?.ToJsonString());
            using var response = await target.SendAsync(new FuzzRequest("POST", Path(seed.Url)) { Body = body, ContentType = "application/jose+json" }, CancellationToken.None);
            Assert.True((int)response.StatusCode < 500, $"the ACME seed {seed.Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        cases.AccountUrl = client.AccountUrl!;
        return cases;
    }

    private string AccountUrl { get; set; } = string.Empty;

    /// <summary>One mutated request from a seed and a fresh nonce.</summary>
    public async Task<MutationCase> MakeAsync(Mutagen m)
    {
        var seed = m.Pick(Seeds);
        m.Note(seed.Name);
        var nonce = await NonceAsync();
        var header = Header(seed, nonce, AccountUrl);
        var payload = seed.Payload?.ToJsonString() ?? string.Empty;
        byte[] body;
        switch (m.Next(8))
        {
            case 0:
            case 1:
            case 2:
                m.Note("payload, signed");
                var mutatedPayload = seed.Payload is null ? Encoding.UTF8.GetString(JsonMutator.Mutate(new JsonObject { ["status"] = "valid" }, m, 200_000)) : Encoding.UTF8.GetString(JsonMutator.Mutate(seed.Payload, m, 200_000));
                body = Jws(header, mutatedPayload);
                break;
            case 3:
            case 4:
                m.Note("protected header, signed");
                body = Jws(Encoding.UTF8.GetString(JsonMutator.Mutate(header, m, 200_000)), payload);
                break;
            case 5:
            case 6:
                m.Note("JWS fields");
                body = JsonMutator.Mutate(JsonNode.Parse(Jws(header, payload))!.AsObject(), m, 200_000);
                break;
            default:
                m.Note("JWS bytes");
                body = m.Damage(Jws(header, payload));
                break;
        }

        var type = m.OneIn(12) ? m.Pick(HostileValues.MediaTypes) : "application/jose+json";
        return new(m, new FuzzRequest("POST", Path(seed.Url)) { Body = body, ContentType = type }, Answer.Acme, ReadOnly: false);
    }

    private JsonObject Header(AcmeSeed seed, string nonce, string accountUrl)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["nonce"] = nonce, ["url"] = seed.Url };
        if (seed.UseJwk)
        {
            header["jwk"] = AcmeTestClient.Jwk(key);
        }
        else
        {
            header["kid"] = accountUrl;
        }

        return header;
    }

    private byte[] Jws(JsonObject header, string? payload) => Jws(header.ToJsonString(), payload ?? string.Empty);

    /// <summary>A flattened JWS over the header text and payload text exactly as given, signed with the account key.</summary>
    private byte[] Jws(string header, string payload)
    {
        var protectedEncoded = Base64Url.Encode(Encoding.UTF8.GetBytes(header));
        var payloadEncoded = payload.Length == 0 ? string.Empty : Base64Url.Encode(Encoding.UTF8.GetBytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes(protectedEncoded + "." + payloadEncoded), HashAlgorithmName.SHA256);
        return Encoding.UTF8.GetBytes(new JsonObject { ["protected"] = protectedEncoded, ["payload"] = payloadEncoded, ["signature"] = Base64Url.Encode(signature) }.ToJsonString());
    }

    private async Task<string> NonceAsync()
    {
        using var response = await target.SendAsync(new FuzzRequest("GET", "/acme/new-nonce"), CancellationToken.None);
        return response.Headers.GetValues("Replay-Nonce").Single();
    }

    private static string Path(string url) => new Uri(url).PathAndQuery;
}
