using System.Net;
using System.Net.Http.Headers;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Issuance through the real HTTP pipeline on a SQLite file, every certificate judged by OpenSSL.
/// Profiles that normally need an officer are configured to auto-approve here; the approval flow has
/// its own tests.
/// </summary>
public sealed class IssuanceApiTests : IClassFixture<IssuanceApiTests.Fixture>, IDisposable
{
    private readonly Fixture fixture;
    private readonly HttpClient client;
    private readonly OpenSslCli openssl = new();

    public IssuanceApiTests(Fixture fixture)
    {
        this.fixture = fixture;
        client = fixture.ClientFor("requester");
    }

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Profiles:person:RequiresApproval"] = "false",
        ["Pki:Profiles:organization:RequiresApproval"] = "false",
        ["Pki:Profiles:document-signing:RequiresApproval"] = "false",
    });

    public static TheoryData<string, string, string[], string, string> Profiles => new()
    {
        { "tls-server", "CN=www.example.co.th", ["www.example.co.th", "api.example.co.th"], "TLS Web Server Authentication", "DNS:api.example.co.th" },
        { "tls-client", "CN=payroll-batch, O=Example Co", [], "TLS Web Client Authentication", string.Empty },
        { "person", "CN=Somchai Jaidee, C=TH", [], "TLS Web Client Authentication", string.Empty },
        { "organization", "CN=Example Co Ltd, O=Example Co Ltd, C=TH", [], "TLS Web Client Authentication", string.Empty },
        { "document-signing", "CN=Department of Examples e-Seal, O=Department of Examples, C=TH", [], "1.3.6.1.5.5.7.3.36", string.Empty },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Issue_EachProfile_VerifiesWithOpenSslAndCarriesProfileExtensions(string profile, string subject, string[] sans, string expectedEku, string expectedSan)
    {
        var (pem, _, _) = await client.IssueAsync(new { profile, csr = TestCsr.EcdsaP256(subject, sans) });
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);

        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("leaf.pem: OK", verify.StandardOutput);

        var text = openssl.Run("x509", "-in", "leaf.pem", "-noout", "-text").StandardOutput;
        Assert.Contains("X509v3 Key Usage: critical", text);
        Assert.Contains("Digital Signature", text);
        Assert.Contains(expectedEku, text);
        Assert.Contains("CA:FALSE", text);
        Assert.Contains("URI:http://pki.test/crl/issuing-ca.crl", text);
        Assert.Contains("OCSP - URI:http://pki.test/ocsp", text);
        Assert.Contains("CA Issuers - URI:http://pki.test/ca/issuing-ca.crt", text);
        Assert.Contains("X509v3 Subject Key Identifier", text);
        Assert.Contains("X509v3 Authority Key Identifier", text);
        Assert.DoesNotContain("Key Encipherment", text); // EC key: encipherment would contradict the key
        if (expectedSan.Length > 0)
        {
            Assert.Contains(expectedSan, text);
        }

        if (profile is "person" or "organization" or "document-signing")
        {
            Assert.Contains("Non Repudiation", text);
        }
    }

    [Fact]
    public async Task Issue_RsaKeyForTlsServer_AddsKeyEnciphermentAndVerifies()
    {
        var (pem, _, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.Rsa(2048, "CN=rsa.example.co.th", "rsa.example.co.th") });
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);

        Assert.Equal(0, openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem").ExitCode);
        Assert.Contains("Key Encipherment", openssl.Run("x509", "-in", "leaf.pem", "-noout", "-text").StandardOutput);
    }

    [Fact]
    public async Task Issue_CsrAskingForCaPowers_GetsOnlyWhatTheProfileGrants()
    {
        openssl.Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-subj", "/CN=sneaky.example.co.th", "-out", "req.csr",
            "-addext", "subjectAltName=DNS:sneaky.example.co.th",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-addext", "extendedKeyUsage=codeSigning,OCSPSigning",
            "-addext", "nameConstraints=permitted;DNS:example.co.th").EnsureSuccess();

        var (pem, _, _) = await client.IssueAsync(new { profile = "tls-server", csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "req.csr")) });
        openssl.Write("leaf.pem", pem);
        var text = openssl.Run("x509", "-in", "leaf.pem", "-noout", "-text").StandardOutput;

        Assert.Contains("CA:FALSE", text);
        Assert.DoesNotContain("Certificate Sign", text);
        Assert.DoesNotContain("Code Signing", text);
        Assert.DoesNotContain("OCSP Signing", text);
        Assert.DoesNotContain("Name Constraints", text);
        Assert.Contains("TLS Web Server Authentication", text);
        Assert.Contains("DNS:sneaky.example.co.th", text);
    }

    [Fact]
    public async Task Issue_ThaiOrganisationName_RoundTripsAsUtf8String()
    {
        const string thai = "บริษัท ตัวอย่าง จำกัด";
        var (pem, _, body) = await client.IssueAsync(new
        {
            profile = "organization",
            csr = TestCsr.EcdsaP256("CN=ignored"),
            subject = new Dictionary<string, string> { ["CN"] = "ตัวอย่าง", ["O"] = thai, ["C"] = "TH" },
        });
        openssl.Write("leaf.pem", pem);

        var subject = openssl.Run("x509", "-in", "leaf.pem", "-noout", "-subject", "-nameopt", "utf8").StandardOutput;
        Assert.Contains($"O={thai}", subject);
        Assert.Contains("CN=ตัวอย่าง", subject);
        Assert.Equal(thai, body["subject"]!["O"]!.GetValue<string>());

        var asn1 = openssl.Run("asn1parse", "-in", "leaf.pem").StandardOutput;
        Assert.Contains("UTF8STRING", asn1);
        Assert.Matches(@"PRINTABLESTRING\s*:TH", asn1);
    }

    [Fact]
    public async Task Issue_ServerSideKeyGeneration_ReturnsPkcs12ThatOpenSslOpens()
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new
        {
            profile = "tls-client",
            keyAlgorithm = "ECDSA-P256",
            subject = new Dictionary<string, string> { ["CN"] = "kiosk-17", ["O"] = "กรมตัวอย่าง" },
            pkcs12Password = "correct horse battery",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        openssl.Write("bundle.p12", Convert.FromBase64String(json!["pkcs12"]!.GetValue<string>()));
        var info = openssl.Run("pkcs12", "-in", "bundle.p12", "-passin", "pass:correct horse battery", "-nodes", "-out", "out.pem");
        Assert.True(info.ExitCode == 0, info.ToString());
        var bundle = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "out.pem"));
        Assert.Contains("PRIVATE KEY", bundle);
        Assert.Equal(3, bundle.Split("BEGIN CERTIFICATE").Length - 1);
        Assert.NotEqual(0, openssl.Run("pkcs12", "-in", "bundle.p12", "-passin", "pass:wrong", "-nodes", "-out", "bad.pem").ExitCode);
    }

    [Fact]
    public async Task GetCertificate_BySerial_ReturnsJsonOrDerAndListFilters()
    {
        var (pem, serial, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=lookup.example.co.th", "lookup.example.co.th") });

        var json = await client.GetJsonAsync($"/api/v1/certificates/{serial.ToLowerInvariant()}");
        Assert.Equal(pem, json["pem"]!.GetValue<string>());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/certificates/{serial}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pkix-cert"));
        var der = await client.SendAsync(request);
        Assert.Equal("application/pkix-cert", der.Content.Headers.ContentType!.MediaType);
        openssl.Write("leaf.der", await der.Content.ReadAsByteArrayAsync());
        Assert.Contains(serial, openssl.Run("x509", "-inform", "DER", "-in", "leaf.der", "-noout", "-serial").StandardOutput);

        var page = await client.GetJsonAsync("/api/v1/certificates?subject=LOOKUP.example&status=valid&profile=tls-server&pageSize=5");
        Assert.Equal(1, page["total"]!.GetValue<int>());
        Assert.Equal(serial, page["items"]![0]!["serialNumber"]!.GetValue<string>());
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/certificates?expiringBefore=2000-01-01T00:00:00Z"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetCertificateRequest_AfterIssue_ShowsIssuedWithCertificate()
    {
        var (_, serial, body) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=req.example.co.th", "req.example.co.th") });
        var request = await client.GetJsonAsync($"/api/v1/certificate-requests/{body["id"]}");

        Assert.Equal("issued", request["status"]!.GetValue<string>());
        Assert.Equal(serial, request["certificate"]!["serialNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/certificate-requests/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/certificates/0ABC")).StatusCode);
    }

    [Fact]
    public async Task Issue_OneAfterAnother_RequestIdsAreTimeOrderedVersion7()
    {
        // Time-ordered ids append to the end of the request indexes instead of a random page each.
        var (_, _, first) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=v7a.example.co.th", "v7a.example.co.th") });
        await Task.Delay(2);
        var (_, _, second) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=v7b.example.co.th", "v7b.example.co.th") });

        var a = Guid.Parse(first["id"]!.GetValue<string>());
        var b = Guid.Parse(second["id"]!.GetValue<string>());
        Assert.Equal(7, a.Version);
        Assert.Equal(7, b.Version);
        Assert.True(string.CompareOrdinal(a.ToString(), b.ToString()) < 0, $"{a} should sort before {b}");
    }

    [Fact]
    public async Task Cas_ListAndCertificates_AreServedAndNeverExposeKeys()
    {
        var response = await client.GetStringAsync("/api/v1/cas");
        Assert.Contains("\"root-ca\"", response);
        Assert.Contains("\"issuing-ca\"", response);
        Assert.DoesNotContain("key\"", response.Replace("keyAlgorithm\"", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        var pem = await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/cas/no-such-ca")).StatusCode);

        var profiles = await client.GetStringAsync("/api/v1/profiles");
        foreach (var name in new[] { "tls-server", "tls-client", "person", "organization", "document-signing" })
        {
            Assert.Contains($"\"{name}\"", profiles);
        }
    }

    [Fact]
    public async Task Health_WithDatabaseAndKeys_IsHealthy()
    {
        var health = await client.GetStringAsync("/health");
        Assert.Contains("Healthy", health);
    }

    public void Dispose()
    {
        openssl.Dispose();
        client.Dispose();
    }

    private async Task WriteChainAsync()
    {
        openssl.Write("root.pem", await client.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
    }
}
