using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ca.Core.Common;
using Ca.Core.Validation.Policy;
using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using Ca.Tests.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Api;

/// <summary>
/// The caller's own validation policy over the real HTTP pipeline: a chain from a CA foreign to the service
/// passes when the caller trusts that CA, is revoked when the caller's CRL lists it, and openssl, given the same
/// files, agrees. A hostile policy is a 400 problem, never a 5xx.
/// </summary>
public sealed class ValidationPolicyApiTests(PkiApiFactory factory) : IClassFixture<PkiApiFactory>
{
    private static readonly DateTimeOffset At = TestCertificateBuilder.ValidationTime;

    private static readonly Lazy<ForeignPki> Foreign = new(() => new ForeignPki());

    [Fact]
    public async Task VerifyCertificate_ForeignChainWithoutPolicy_NotPassed()
    {
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, new { certificate = Pem(Foreign.Value.Leaf), at = At });

        Assert.Equal("INDETERMINATE", report["indication"]!.GetValue<string>());
        Assert.Equal("NO_CERTIFICATE_CHAIN_FOUND", report["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_ForeignChainWithCallerAnchorAndRevocationOff_PassedNamingTheAnchor()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;

        var report = await VerifyAsync(anonymous, new
        {
            certificate = Pem(pki.Leaf),
            policy = new { trustAnchors = new[] { Pem(pki.Root) }, revocation = "off", at = At },
        });

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var policy = report["policy"]!;
        Assert.Equal(Sha256(pki.Root), policy["anchorUsed"]!.GetValue<string>());
        Assert.Equal("off", policy["revocation"]!.GetValue<string>());
        Assert.False(policy["serviceAnchors"]!.GetValue<bool>());
        Assert.Single(policy["anchors"]!.AsArray());
        Assert.Equal(At, report["validationTime"]!.GetValue<DateTimeOffset>());

        using var openssl = new OpenSslCli();
        var judged = openssl.Run("verify", "-attime", At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-CAfile", openssl.Write("root.pem", Pem(pki.Root)), openssl.Write("leaf.pem", Pem(pki.Leaf)));
        Assert.True(judged.ExitCode == 0, judged.Output);
    }

    [Fact]
    public async Task VerifyCertificate_ForeignLeafOnCallerCrl_FailedRevokedFromCallerCrl()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;

        var report = await VerifyAsync(anonymous, new
        {
            certificate = Pem(pki.Leaf),
            policy = new { trustAnchors = new[] { Pem(pki.Root) }, crls = new[] { CrlPem(pki.CrlListingLeaf) }, at = At },
        });

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("REVOKED", report["subIndication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("REVOKED", answer["status"]!.GetValue<string>());
        Assert.Equal("caller-crl", answer["source"]!.GetValue<string>());
        Assert.Equal(pki.CrlListingLeaf.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.CrlNumber) is { } n
            ? Org.BouncyCastle.Asn1.DerInteger.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(n.GetOctets())).Value.ToString()
            : null, answer["crlNumber"]!.GetValue<string>());

        using var openssl = new OpenSslCli();
        var judged = openssl.Run("verify", "-crl_check", "-attime", At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-CAfile", openssl.Write("root.pem", Pem(pki.Root)), "-CRLfile", openssl.Write("crl.pem", CrlPem(pki.CrlListingLeaf)), openssl.Write("leaf.pem", Pem(pki.Leaf)));
        Assert.NotEqual(0, judged.ExitCode);
        Assert.Contains("certificate revoked", judged.Output);
    }

    [Fact]
    public async Task VerifyCertificate_ForeignLeafAbsentFromCallerCrl_PassedWithCrlAsSource()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;

        var report = await VerifyAsync(anonymous, new
        {
            certificate = Pem(pki.Leaf),
            policy = new { trustAnchors = new[] { Pem(pki.Root) }, crls = new[] { Convert.ToBase64String(pki.EmptyCrl.GetEncoded()) }, at = At },
        });

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("GOOD", answer["status"]!.GetValue<string>());
        Assert.Equal("caller-crl", answer["source"]!.GetValue<string>());
        Assert.Equal(pki.Root.SubjectDN.ToString(), answer["signedBy"]!.GetValue<string>());

        using var openssl = new OpenSslCli();
        var judged = openssl.Run("verify", "-crl_check", "-attime", At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-CAfile", openssl.Write("root.pem", Pem(pki.Root)), "-CRLfile", openssl.Write("crl.pem", CrlPem(pki.EmptyCrl)), openssl.Write("leaf.pem", Pem(pki.Leaf)));
        Assert.True(judged.ExitCode == 0, judged.Output);
    }

    [Fact]
    public async Task VerifyCertificate_ForeignChainRevocationRequiredWithoutData_IndeterminateTryLater()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;

        var report = await VerifyAsync(anonymous, new { certificate = Pem(pki.Leaf), policy = new { trustAnchors = new[] { Pem(pki.Root) }, at = At } });

        Assert.Equal("INDETERMINATE", report["indication"]!.GetValue<string>());
        Assert.Equal("TRY_LATER", report["subIndication"]!.GetValue<string>());
        Assert.Equal("UNKNOWN", report["revocation"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_ForeignChainRevocationPreferredWithoutData_PassedWithWarning()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;

        var report = await VerifyAsync(anonymous, new { certificate = Pem(pki.Leaf), policy = new { trustAnchors = new[] { Pem(pki.Root) }, revocation = "prefer", at = At } });

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        Assert.Contains(report["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("prefer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyCertificate_RequiredEkuTheLeafLacks_NotPassed()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;

        var report = await VerifyAsync(anonymous, new
        {
            certificate = Pem(pki.Leaf),
            policy = new { trustAnchors = new[] { Pem(pki.Root) }, revocation = "off", at = At, requiredEku = new[] { "1.3.6.1.5.5.7.3.1" } },
        });

        Assert.NotEqual("PASSED", report["indication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_MaxPathLengthZeroWithAnIntermediate_NotPassedButOneIs()
    {
        using var anonymous = factory.CreateClient();
        var pki = Foreign.Value;
        object Body(int depth) => new
        {
            certificate = Pem(pki.LeafUnderIntermediate),
            chain = new[] { Pem(pki.Intermediate) },
            policy = new { trustAnchors = new[] { Pem(pki.Root) }, revocation = "off", at = At, maxPathLength = depth },
        };

        var zero = await VerifyAsync(anonymous, Body(0));
        var one = await VerifyAsync(anonymous, Body(1));

        Assert.NotEqual("PASSED", zero["indication"]!.GetValue<string>());
        Assert.Equal("PASSED", one["indication"]!.GetValue<string>());
        Assert.Equal(1, one["policy"]!["maxPathLength"]!.GetValue<int>());
    }

    [Fact]
    public async Task VerifyCertificate_ServiceAnchorsKeptOnRequest_OwnHierarchyStillPasses()
    {
        using var anonymous = factory.CreateClient();
        var issuing = await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate");

        var withOurs = await VerifyAsync(anonymous, new { certificate = issuing, policy = new { trustAnchors = new[] { Pem(Foreign.Value.Root) }, useServiceAnchors = true } });
        var withoutOurs = await VerifyAsync(anonymous, new { certificate = issuing, policy = new { trustAnchors = new[] { Pem(Foreign.Value.Root) } } });

        Assert.Equal("PASSED", withOurs["indication"]!.GetValue<string>());
        Assert.Equal("database", withOurs["revocation"]![0]!["source"]!.GetValue<string>());
        Assert.Equal("NO_CERTIFICATE_CHAIN_FOUND", withoutOurs["subIndication"]!.GetValue<string>());
    }

    public static TheoryData<string, string> HostilePolicies() => new()
    {
        { """{"trustAnchors": ["not a pem"]}""", "invalid-certificate" },
        { """{"trustAnchors": ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"]}""", "invalid-certificate" },
        { """{"requiredEku": ["server-auth"]}""", "invalid-oid" },
        { """{"requiredEku": ["1.3.6.1.5.5.7.3.1", "3.1"]}""", "invalid-oid" },
        { """{"maxPathLength": -1}""", "invalid-max-path-length" },
        { """{"maxPathLength": 100000}""", "invalid-max-path-length" },
        { """{"revocation": "sometimes"}""", "invalid-revocation-mode" },
        { """{"crls": ["AAAA"]}""", "invalid-crl" },
        { """{"crls": ["%%%"]}""", "invalid-crl" },
        { """{"ocspResponses": ["MAA="]}""", "invalid-ocsp-response" },
        { """{"trustList": "nowhere"}""", "unknown-trust-list" },
        { """{"requiredEku": [""" + string.Join(',', Enumerable.Repeat("\"1.2.3\"", 17)) + "]}", "policy-too-large" },
        { """{"crls": [""" + string.Join(',', Enumerable.Repeat("\"AAAA\"", 17)) + "]}", "policy-too-large" },
    };

    [Theory]
    [MemberData(nameof(HostilePolicies))]
    public async Task VerifyCertificate_HostilePolicy_400Problem(string policy, string code)
    {
        using var anonymous = factory.CreateClient();
        var body = $$"""{"certificate": {{System.Text.Json.JsonSerializer.Serialize(Pem(Foreign.Value.Leaf))}}, "policy": {{policy}}}""";

        using var response = await anonymous.PostAsync("/api/v1/certificates/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonNode.Parse(text)!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_TooManyAnchors_400PolicyTooLarge()
    {
        using var anonymous = factory.CreateClient();
        var anchors = Enumerable.Repeat(Pem(Foreign.Value.Root), ValidationPolicyLimits.MaxTrustAnchors + 1).ToArray();

        var (response, body) = await anonymous.PostJsonAsync("/api/v1/certificates/verify", new { certificate = Pem(Foreign.Value.Leaf), policy = new { trustAnchors = anchors } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("policy-too-large", body!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"maxPathLength": "deep"}""")]
    [InlineData("""{"trustAnchors": "one"}""")]
    [InlineData("""{"at": "yesterday"}""")]
    [InlineData("""[1, 2]""")]
    public async Task VerifyCertificate_PolicyOfWrongJsonShape_400(string policy)
    {
        using var anonymous = factory.CreateClient();
        var body = $$"""{"certificate": {{System.Text.Json.JsonSerializer.Serialize(Pem(Foreign.Value.Leaf))}}, "policy": {{policy}}}""";

        using var response = await anonymous.PostAsync("/api/v1/certificates/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task VerifyDocument_ForeignSignerWithPolicyPart_PassedAndWithoutPolicyNot()
    {
        using var anonymous = factory.CreateClient();
        var pki = VerificationTestBed.Pki;
        var signer = new Ca.Core.Documents.CadesSigner(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(pki.Now));
        var signature = await signer.SignAsync(VerificationTestBed.Document, pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);
        var policy = System.Text.Json.JsonSerializer.Serialize(new { trustAnchors = new[] { Pem(pki.Root.Certificate) }, revocation = "off", at = pki.Now });

        var withPolicy = await VerifyDocumentAsync(anonymous, signature, policy);
        var withoutPolicy = await VerifyDocumentAsync(anonymous, signature, null);

        Assert.Equal("PASSED", withPolicy["indication"]!.GetValue<string>());
        Assert.Equal(Sha256(pki.Root.Certificate), withPolicy["policy"]!["anchors"]![0]!["sha256"]!.GetValue<string>());
        Assert.NotEqual("PASSED", withoutPolicy["indication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyDocument_MalformedPolicyPart_400()
    {
        using var anonymous = factory.CreateClient();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent([0x30, 0x00]), "signature", "s.p7s" },
            { new StringContent("{\"maxPathLength\": -3}"), "policy" },
        };

        using var response = await anonymous.PostAsync("/api/v1/documents/verify", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-max-path-length", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    private static async Task<JsonNode> VerifyDocumentAsync(HttpClient client, byte[] signature, string? policy)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(signature), "signature", "signature.p7s" },
            { new ByteArrayContent(VerificationTestBed.Document), "document", "document.txt" },
        };
        if (policy is not null)
        {
            form.Add(new StringContent(policy, Encoding.UTF8, "application/json"), "policy");
        }

        using var response = await client.PostAsync("/api/v1/documents/verify", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> VerifyAsync(HttpClient client, object body)
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificates/verify", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.Problem());
        return json!;
    }

    internal static string Pem(X509Certificate certificate) => Ca.Core.Common.Pem.Encode("CERTIFICATE", certificate.GetEncoded());

    internal static string CrlPem(X509Crl crl) => Ca.Core.Common.Pem.Encode("X509 CRL", crl.GetEncoded());

    private static string Sha256(X509Certificate certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.GetEncoded()));

    /// <summary>A CA this service knows nothing about: a root, an intermediate, leaves and the root's CRLs.</summary>
    private sealed class ForeignPki
    {
        public ForeignPki()
        {
            var root = TestCertificateBuilder.Root("Foreign Licensed CA").Build();
            var leaf = TestCertificateBuilder.Leaf("Foreign Relying Leaf", root).Build();
            var intermediate = TestCertificateBuilder.Intermediate("Foreign Issuing CA", root).Build();
            Root = root;
            Leaf = leaf;
            Intermediate = intermediate;
            LeafUnderIntermediate = TestCertificateBuilder.Leaf("Foreign Deep Leaf", intermediate).Build();
            CrlListingLeaf = TestCrlBuilder.By(root).Revoke(leaf, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), Org.BouncyCastle.Asn1.X509.CrlReason.KeyCompromise).Build();
            EmptyCrl = TestCrlBuilder.By(root).Build();
        }

        public X509Certificate Root { get; }

        public X509Certificate Leaf { get; }

        public X509Certificate Intermediate { get; }

        public X509Certificate LeafUnderIntermediate { get; }

        public X509Crl CrlListingLeaf { get; }

        public X509Crl EmptyCrl { get; }
    }
}
