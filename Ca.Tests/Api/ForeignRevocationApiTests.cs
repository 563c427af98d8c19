using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using Ca.Tests.Validation.Online;
using Org.BouncyCastle.Ocsp;

namespace Ca.Tests.Api;

/// <summary>
/// Revocation of other CAs' certificates and named trust lists over the real HTTP pipeline. This service may
/// reach the test's OCSP responder on 127.0.0.1 only because the factory allows loopback by configuration
/// (<c>Pki:Validation:Fetch:AllowLoopback</c>); the default service refuses it.
/// </summary>
public sealed class ForeignRevocationApiTests(ForeignRevocationApiTests.Factory factory) : IClassFixture<ForeignRevocationApiTests.Factory>
{
    private static readonly DateTimeOffset At = TestCertificateBuilder.ValidationTime;

    [Fact]
    public async Task VerifyCertificate_ForeignLeafRevokedAtItsAiaResponder_FailedRevokedNamingTheOcspUrl()
    {
        await using var foreign = ForeignOcsp.Start(new RevokedStatus(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), 1));
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, new { certificate = ValidationPolicyApiTests.Pem(foreign.Leaf), policy = new { trustAnchors = new[] { ValidationPolicyApiTests.Pem(foreign.Root) }, at = At } });

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("REVOKED", report["subIndication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("ocsp", answer["source"]!.GetValue<string>());
        Assert.Equal(foreign.Server.Url, answer["location"]!.GetValue<string>());
        Assert.NotNull(answer["thisUpdate"]);
        Assert.NotNull(answer["producedAt"]);
        Assert.True(report["policy"]!["onlineRevocation"]!.GetValue<bool>());
    }

    [Fact]
    public async Task VerifyCertificate_ForeignLeafGoodAtItsAiaResponder_Passed()
    {
        await using var foreign = ForeignOcsp.Start(null);
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, new { certificate = ValidationPolicyApiTests.Pem(foreign.Leaf), policy = new { trustAnchors = new[] { ValidationPolicyApiTests.Pem(foreign.Root) }, at = At } });

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        Assert.Equal("GOOD", report["revocation"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_DefaultServiceAndLoopbackResponder_TryLaterWithoutContactingIt()
    {
        await using var foreign = ForeignOcsp.Start(null);
        using var defaults = new PkiApiFactory();
        using var anonymous = defaults.CreateClient();

        var report = await VerifyAsync(anonymous, new { certificate = ValidationPolicyApiTests.Pem(foreign.Leaf), policy = new { trustAnchors = new[] { ValidationPolicyApiTests.Pem(foreign.Root) }, at = At } });

        Assert.Equal("TRY_LATER", report["subIndication"]!.GetValue<string>());
        Assert.Contains("does not connect to", report["revocation"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal(0, foreign.Server.Requests);
    }

    [Fact]
    public async Task VerifyCertificate_CallerSuppliedRevokedOcspResponse_FailedRevokedFromCaller()
    {
        var pki = new OcspResponseVerifierTests.Pki();
        var response = OcspResponseVerifierTests.Respond(pki, pki.Delegate, new RevokedStatus(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), 1));
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, new
        {
            certificate = ValidationPolicyApiTests.Pem(pki.Leaf),
            policy = new { trustAnchors = new[] { ValidationPolicyApiTests.Pem(pki.Issuer) }, ocspResponses = new[] { Convert.ToBase64String(response) }, at = At },
        });

        Assert.Equal("REVOKED", report["subIndication"]!.GetValue<string>());
        var answer = report["revocation"]![0]!;
        Assert.Equal("caller-ocsp", answer["source"]!.GetValue<string>());
        Assert.Equal(pki.Delegate.Certificate.SubjectDN.ToString(), answer["signedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task TrustLists_Configured_ListedWithFingerprintsAndUsableByName()
    {
        using var anonymous = factory.CreateClient();

        var lists = await anonymous.GetJsonAsync("/api/v1/trust-lists");
        var report = await VerifyAsync(anonymous, new
        {
            certificate = ValidationPolicyApiTests.Pem(Factory.ListedLeaf),
            policy = new { trustList = "licensed-cas", revocation = "off", at = At },
        });

        var list = Assert.Single(lists.AsArray())!;
        Assert.Equal("licensed-cas", list["name"]!.GetValue<string>());
        var anchor = Assert.Single(list["anchors"]!.AsArray())!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Factory.ListedRoot.GetEncoded())), anchor["sha256"]!.GetValue<string>());
        Assert.Equal(Factory.ListedRoot.SubjectDN.ToString(), anchor["subject"]!.GetValue<string>());
        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        Assert.Equal("licensed-cas", report["policy"]!["trustList"]!.GetValue<string>());
        Assert.Equal(anchor["sha256"]!.GetValue<string>(), report["policy"]!["anchorUsed"]!.GetValue<string>());
    }

    private static async Task<JsonNode> VerifyAsync(HttpClient client, object body)
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificates/verify", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.Problem());
        return json!;
    }

    /// <summary>The service with loopback fetching allowed and one trust list configured.</summary>
    public sealed class Factory : PkiApiFactory
    {
        private static readonly TestCertificate ListedRootCa = TestCertificateBuilder.Root("Listed Licensed CA").Build();

        public static readonly Org.BouncyCastle.X509.X509Certificate ListedRoot = ListedRootCa.Certificate;

        public static readonly Org.BouncyCastle.X509.X509Certificate ListedLeaf = TestCertificateBuilder.Leaf("Listed Leaf", ListedRootCa).Build().Certificate;

        public Factory()
            : base(new Dictionary<string, string?>
            {
                ["Pki:Validation:Fetch:AllowLoopback"] = "true",
                ["Pki:Validation:TrustLists:licensed-cas"] = WriteList(),
            })
        {
        }

        private static string WriteList()
        {
            var path = Path.Combine(Directory.CreateTempSubdirectory("pki-trust-list-").FullName, "licensed.pem");
            File.WriteAllText(path, ValidationPolicyApiTests.Pem(ListedRoot));
            return path;
        }
    }
}
