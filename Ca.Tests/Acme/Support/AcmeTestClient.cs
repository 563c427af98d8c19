using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ca.Core.Acme.Jws;

namespace Ca.Tests.Acme.Support;

/// <summary>
/// A small ACME client written from RFC 8555, for the refusal tests real clients cannot provoke
/// (replayed nonces, foreign keys, missing EAB). ES256 unless another key is given.
/// </summary>
public sealed class AcmeTestClient : IDisposable
{
    private readonly HttpClient http;
    private string? nonce;

    public AcmeTestClient(HttpClient http, string directoryUrl, ECDsa? key = null)
    {
        this.http = http;
        DirectoryUrl = directoryUrl;
        Key = key ?? ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    public string DirectoryUrl { get; }

    public ECDsa Key { get; }

    public string? AccountUrl { get; set; }

    public JsonNode Directory { get; private set; } = new JsonObject();

    public string Url(string name) => Directory[name]!.GetValue<string>();

    public static JsonObject Jwk(ECDsa key)
    {
        var p = key.ExportParameters(false);
        return new JsonObject
        {
            ["crv"] = p.Curve.Oid.FriendlyName switch { "nistP384" or "ECDSA_P384" => "P-384", _ => "P-256" },
            ["kty"] = "EC",
            ["x"] = Base64Url.Encode(p.Q.X),
            ["y"] = Base64Url.Encode(p.Q.Y),
        };
    }

    public string Thumbprint => Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk(Key).ToJsonString())));

    public async Task<AcmeTestClient> LoadDirectoryAsync()
    {
        var response = await http.GetAsync(DirectoryUrl);
        Directory = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return this;
    }

    public async Task<string> NewNonceAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Url("newNonce"));
        var response = await http.SendAsync(request);
        return response.Headers.GetValues("Replay-Nonce").Single();
    }

    /// <summary>The nonce the last response carried (to replay it in tests).</summary>
    public string? LastNonce { get; private set; }

    /// <summary>A signed flattened JWS.</summary>
    public static JsonObject Sign(ECDsa key, JsonObject header, string payload)
    {
        var protectedEncoded = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadEncoded = payload.Length == 0 ? string.Empty : Base64Url.Encode(Encoding.UTF8.GetBytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes(protectedEncoded + "." + payloadEncoded), key.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256);
        return new JsonObject { ["protected"] = protectedEncoded, ["payload"] = payloadEncoded, ["signature"] = Base64Url.Encode(signature) };
    }

    /// <summary>
    /// POSTs a JWS: payload null is POST-as-GET. By default signed with <see cref="Key"/> and kid =
    /// <see cref="AccountUrl"/> (or jwk when there is no account yet).
    /// </summary>
    public async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(string url, object? payload, bool useJwk = false, ECDsa? signer = null, string? nonceOverride = null, string? urlOverride = null)
    {
        signer ??= Key;
        var header = new JsonObject
        {
            ["alg"] = signer.KeySize == 384 ? "ES384" : "ES256",
            ["nonce"] = nonceOverride ?? nonce ?? await NewNonceAsync(),
            ["url"] = urlOverride ?? url,
        };
        if (useJwk || AccountUrl is null)
        {
            header["jwk"] = Jwk(signer);
        }
        else
        {
            header["kid"] = AccountUrl;
        }

        nonce = null;
        var body = Sign(signer, header, payload is null ? string.Empty : payload is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(payload));
        return await SendAsync(url, body);
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(string url, JsonObject jws)
    {
        var content = new StringContent(jws.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
        var response = await http.PostAsync(url, content);
        if (response.Headers.TryGetValues("Replay-Nonce", out var values))
        {
            nonce = LastNonce = values.Single();
        }

        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false))
        {
            parsed = JsonNode.Parse(text);
        }

        return (response, parsed ?? (text.Length > 0 ? JsonValue.Create(text) : null));
    }

    /// <summary>The externalAccountBinding JWS for this client's key (RFC 8555 7.3.4).</summary>
    public JsonObject ExternalAccountBinding(string kid, string hmacKey, string? urlOverride = null)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["kid"] = kid, ["url"] = urlOverride ?? Url("newAccount") };
        var protectedEncoded = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadEncoded = Base64Url.Encode(Encoding.UTF8.GetBytes(Jwk(Key).ToJsonString()));
        var mac = HMACSHA256.HashData(Base64Url.TryDecode(hmacKey)!, Encoding.ASCII.GetBytes(protectedEncoded + "." + payloadEncoded));
        return new JsonObject { ["protected"] = protectedEncoded, ["payload"] = payloadEncoded, ["signature"] = Base64Url.Encode(mac) };
    }

    /// <summary>newAccount with EAB; sets <see cref="AccountUrl"/>.</summary>
    public async Task<(HttpResponseMessage Response, JsonNode? Body)> NewAccountAsync(string? eabKid, string? eabKey)
    {
        var payload = new JsonObject { ["termsOfServiceAgreed"] = true, ["contact"] = new JsonArray("mailto:ops@example.co.th") };
        if (eabKid is not null)
        {
            payload["externalAccountBinding"] = ExternalAccountBinding(eabKid, eabKey!);
        }

        var result = await PostAsync(Url("newAccount"), payload, useJwk: true);
        if (result.Response.IsSuccessStatusCode)
        {
            AccountUrl = result.Response.Headers.Location!.ToString();
        }

        return result;
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> NewOrderAsync(params string[] dnsNames) =>
        await PostAsync(Url("newOrder"), new JsonObject { ["identifiers"] = new JsonArray(dnsNames.Select(n => (JsonNode)new JsonObject { ["type"] = n.Contains(':') || char.IsDigit(n[^1]) ? "ip" : "dns", ["value"] = n }).ToArray()) });

    /// <summary>Polls a resource (POST-as-GET) until its status leaves the given ones, for at most a generous 2 minutes.</summary>
    public async Task<JsonNode> PollAsync(string url, params string[] whileStatus)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (_, body) = await PostAsync(url, null);
            var status = body!["status"]!.GetValue<string>();
            if (!whileStatus.Contains(status) || waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                return body;
            }

            await Task.Delay(100);
        }
    }

    public static string KeyAuthorization(string token, string thumbprint) => token + "." + thumbprint;

    public void Dispose()
    {
        Key.Dispose();
    }
}
