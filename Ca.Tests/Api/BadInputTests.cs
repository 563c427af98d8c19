using System.Net;
using System.Text;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Every kind of bad request gets an RFC 9457 problem with the right 4xx status, and leaves the
/// database exactly as it was: no request row, no certificate, no audit record.
/// </summary>
public sealed class BadInputTests : IClassFixture<PkiApiFactory>
{
    private readonly PkiApiFactory factory;
    private readonly HttpClient client;

    public BadInputTests(PkiApiFactory factory)
    {
        this.factory = factory;
        client = factory.ClientFor("requester");
    }

    public static TheoryData<string, object, HttpStatusCode, string> Cases => new()
    {
        { "garbage PEM", new { profile = "tls-server", csr = "-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all!!\n-----END CERTIFICATE REQUEST-----" }, HttpStatusCode.BadRequest, "malformed-csr" },
        { "base64 that is not DER", new { profile = "tls-server", csr = Convert.ToBase64String(Encoding.ASCII.GetBytes("hello world, not ASN.1")) }, HttpStatusCode.BadRequest, "malformed-csr" },
        { "CSR signature does not verify", new { profile = "tls-server", csr = TestCsr.WithBrokenSignature(TestCsr.EcdsaP256("CN=a.example.co.th", "a.example.co.th")) }, HttpStatusCode.UnprocessableEntity, "csr-signature-invalid" },
        { "RSA-1024", new { profile = "tls-server", csr = TestCsr.Rsa(1024, "CN=weak.example.co.th", "weak.example.co.th") }, HttpStatusCode.UnprocessableEntity, "weak-key" },
        { "unknown profile", new { profile = "no-such-profile", csr = TestCsr.EcdsaP256("CN=x") }, HttpStatusCode.UnprocessableEntity, "unknown-profile" },
        { "missing profile", new { csr = TestCsr.EcdsaP256("CN=x") }, HttpStatusCode.BadRequest, "missing-profile" },
        { "SAN type the profile forbids", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=b.example.co.th"), sans = new[] { "b.example.co.th", "email:a@b.th" } }, HttpStatusCode.UnprocessableEntity, "san-type-not-allowed" },
        { "wildcard the profile forbids", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=c.example.co.th"), sans = new[] { "*.example.co.th" } }, HttpStatusCode.UnprocessableEntity, "wildcard-not-allowed" },
        { "invalid DNS name", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=x"), sans = new[] { "bad_name..example" } }, HttpStatusCode.UnprocessableEntity, "invalid-dns-name" },
        { "CN not among SANs", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=d.example.co.th", "e.example.co.th") }, HttpStatusCode.UnprocessableEntity, "cn-not-in-sans" },
        { "subject attribute the profile forbids", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=f.example.co.th, OU=Marketing", "f.example.co.th") }, HttpStatusCode.UnprocessableEntity, "subject-attribute-not-allowed" },
        { "validity above the maximum", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=g.example.co.th", "g.example.co.th"), validityDays = 398 }, HttpStatusCode.UnprocessableEntity, "validity-too-long" },
        { "negative validity", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=g.example.co.th", "g.example.co.th"), validityDays = -1 }, HttpStatusCode.BadRequest, "invalid-validity" },
        { "unknown issuing CA", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=h.example.co.th", "h.example.co.th"), caId = "nope" }, HttpStatusCode.UnprocessableEntity, "unknown-ca" },
        { "root cannot issue leaves", new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=h.example.co.th", "h.example.co.th"), caId = "root-ca" }, HttpStatusCode.UnprocessableEntity, "root-cannot-issue" },
        { "country code not ISO", new { profile = "organization", csr = TestCsr.EcdsaP256("CN=x"), subject = new Dictionary<string, string> { ["CN"] = "x", ["O"] = "y", ["C"] = "Thailand" } }, HttpStatusCode.UnprocessableEntity, "invalid-subject-attribute" },
        { "neither CSR nor key generation", new { profile = "tls-server" }, HttpStatusCode.BadRequest, "missing-key-source" },
        { "key generation with a short password", new { profile = "tls-client", keyAlgorithm = "ECDSA-P256", subject = new Dictionary<string, string> { ["CN"] = "k" }, pkcs12Password = "short" }, HttpStatusCode.UnprocessableEntity, "weak-password" },
        { "key generation with an unknown algorithm", new { profile = "tls-client", keyAlgorithm = "DSA-1024", subject = new Dictionary<string, string> { ["CN"] = "k" }, pkcs12Password = "long enough pw" }, HttpStatusCode.UnprocessableEntity, "unsupported-key" },
        { "key generation for a profile that needs approval", new { profile = "person", keyAlgorithm = "ECDSA-P256", subject = new Dictionary<string, string> { ["CN"] = "k" }, pkcs12Password = "long enough pw" }, HttpStatusCode.UnprocessableEntity, "keygen-not-allowed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Submit_BadInput_AnswersProblemAndWritesNothing(string because, object body, HttpStatusCode expected, string code)
    {
        var before = await factory.CountRowsAsync();

        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", body);

        Assert.True(expected == response.StatusCode, $"{because}: expected {(int)expected}, got {(int)response.StatusCode} {json.Problem()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, json!["code"]?.GetValue<string>());
        Assert.EndsWith("/" + code, json["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(json["detail"]?.GetValue<string>()));
        Assert.Equal(before, await factory.CountRowsAsync());
    }

    [Fact]
    public async Task Submit_BodyOverLimit_Answers413ProblemAndWritesNothing()
    {
        var before = await factory.CountRowsAsync();
        var huge = new string('A', 1_200_000);

        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new { profile = "tls-server", csr = huge });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, json!["status"]!.GetValue<int>());
        Assert.Equal(before, await factory.CountRowsAsync());
    }

    [Fact]
    public async Task Submit_MalformedJson_Answers400Problem()
    {
        var response = await client.PostAsync("/api/v1/certificate-requests", new StringContent("{\"profile\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_WrongContentType_Answers415Problem()
    {
        var response = await client.PostAsync("/api/v1/certificate-requests", new StringContent("profile=tls-server", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetCertificates_InvalidStatusFilter_Answers400Problem()
    {
        var response = await client.GetAsync("/api/v1/certificates?status=sideways");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
