using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Every error is an RFC 9457 problem document whatever the client's Accept header asks for: a client
/// that wants DER (Accept: application/pkix-cert, as the README shows) or HTML still learns why it was
/// refused, with the right status and problem type, never an empty 500.
/// </summary>
public sealed class ProblemNegotiationTests : IClassFixture<ProblemNegotiationTests.Fixture>
{
    private const int DocumentLimit = 64 * 1024;

    private static readonly string[] Accepts =
    [
        "application/pkix-cert",
        "application/pkix-crl",
        "application/ocsp-response",
        "text/html",
        "application/xml;q=0.9",
        "image/png, text/plain;q=0.1",
    ];

    private static readonly Dictionary<string, Case> Cases = new[]
    {
        new Case("401 without credentials", "anonymous", HttpMethod.Get, "/api/v1/certificates", null, 401, "unauthorized"),
        new Case("401 with an unknown key", "unknown-key", HttpMethod.Get, "/api/v1/certificates/01", null, 401, "unauthorized"),
        new Case("403 for the wrong role", "requester", HttpMethod.Get, "/api/v1/audit", null, 403, "forbidden"),
        new Case("404 unknown certificate", "requester", HttpMethod.Get, "/api/v1/certificates/0badc0de", null, 404, "certificate-not-found"),
        new Case("404 unknown CA certificate", "anonymous", HttpMethod.Get, "/api/v1/cas/no-such-ca/certificate", null, 404, "ca-not-found"),
        new Case("404 unknown CRL", "anonymous", HttpMethod.Get, "/crl/no-such-ca.crl", null, 404, "crl-not-found"),
        new Case("404 unknown API route", "anonymous", HttpMethod.Get, "/api/v1/no/such/route", null, 404, "not-found"),
        new Case("405 wrong method", "anonymous", HttpMethod.Delete, "/api/v1/profiles", null, 405, "method-not-allowed"),
        new Case("413 JSON body over the limit", "requester", HttpMethod.Post, "/api/v1/certificate-requests", () => Json(new string('A', 1_200_000)), 413, "payload-too-large"),
        new Case("413 document over the limit", "anonymous", HttpMethod.Post, "/api/v1/documents/verify", () => Multipart(new byte[DocumentLimit * 2]), 413, "payload-too-large"),
        new Case("415 text to a JSON endpoint", "requester", HttpMethod.Post, "/api/v1/certificate-requests", () => new StringContent("profile=tls-server", Encoding.UTF8, "text/plain"), 415, "unsupported-media-type"),
        new Case("415 JSON to document verification", "anonymous", HttpMethod.Post, "/api/v1/documents/verify", () => Json("{}"), 415, "unsupported-media-type"),
        new Case("415 text to OCSP", "anonymous", HttpMethod.Post, "/ocsp", () => new StringContent("hello", Encoding.UTF8, "text/plain"), 415, "unsupported-media-type"),
        new Case("400 malformed JSON", "requester", HttpMethod.Post, "/api/v1/certificate-requests", () => new StringContent("{\"profile\": ", Encoding.UTF8, "application/json"), 400, "bad-request"),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    private readonly Fixture fixture;

    public ProblemNegotiationTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Documents:MaxBytes"] = DocumentLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pki:Documents:EnvelopeBytes"] = "4096",
    });

    /// <summary>The same 429 problem, whatever Accept says, for a caller beyond its bucket.</summary>
    public sealed class TightLimitsFixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:RateLimits:AnonymousBurst"] = "2",
        ["Pki:RateLimits:AnonymousPerSecond"] = "1",
    });

    public static TheoryData<string, string> Table()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Cases.Keys)
        {
            foreach (var accept in Accepts)
            {
                data.Add(name, accept);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Error_NonJsonAccept_AnswersProblemJsonWithItsStatusAndType(string caseName, string accept)
    {
        var c = Cases[caseName];
        using var client = ClientFor(c.Who);
        using var request = new HttpRequestMessage(c.Method, c.Path) { Content = c.Body?.Invoke() };
        request.Headers.Accept.ParseAdd(accept);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, c.Status, c.Type, $"{caseName} with Accept: {accept}");
        if (c.Status == 401)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Theory]
    [InlineData("application/pkix-cert")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    public async Task UnknownPortalPath_ClientNotABrowser_AnswersProblemJson(string accept)
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Accept.ParseAdd(accept);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 404, "not-found", $"a script on a portal path with Accept: {accept}");
    }

    [Fact]
    public async Task UnknownPortalPath_Browser_AnswersHtmlPage()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("application/pkix-cert")]
    [InlineData("text/html")]
    [InlineData("application/json")]
    public async Task RateLimited_AnyAccept_Answers429ProblemWithRetryAfter(string accept)
    {
        using var factory = new TightLimitsFixture();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var response = await client.GetAsync("/api/v1/profiles");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        await ProblemAssert.IsProblemAsync(refused, 429, "too-many-requests", $"429 with Accept: {accept}");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    private HttpClient ClientFor(string who) => who switch
    {
        "anonymous" => fixture.CreateClient(),
        "unknown-key" => fixture.CreateClientWithKey("pki_this-key-was-never-issued-0123456789"),
        _ => fixture.ClientFor(who),
    };

    private static StringContent Json(string csr) =>
        new(System.Text.Json.JsonSerializer.Serialize(new { profile = "tls-server", csr }), Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Multipart(byte[] document)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent([0x30, 0x00]) { Headers = { ContentType = new MediaTypeHeaderValue("application/pkcs7-signature") } }, "signature", "s.p7s");
        form.Add(new ByteArrayContent(document), "document", "d.bin");
        return form;
    }

    private sealed record Case(string Name, string Who, HttpMethod Method, string Path, Func<HttpContent>? Body, int Status, string Type);
}
