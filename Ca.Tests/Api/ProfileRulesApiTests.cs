using System.Net;
using Ca.Core.Profiles;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// What each profile writes into a certificate, read back with OpenSSL: its own policy OID (and the
/// CA/B validation level for TLS servers), a CN that repeats a SAN exactly, e-mail protection only
/// with a mailbox, and the Baseline Requirements' subject rules.
/// </summary>
public sealed class ProfileRulesApiTests : IClassFixture<ProfileRulesApiTests.Fixture>, IDisposable
{
    private readonly Fixture fixture;
    private readonly HttpClient client;
    private readonly OpenSslCli openssl = new();

    public ProfileRulesApiTests(Fixture fixture)
    {
        this.fixture = fixture;
        client = fixture.ClientFor("requester");
    }

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Profiles:person:RequiresApproval"] = "false",
        ["Pki:Profiles:organization:RequiresApproval"] = "false",
        ["Pki:Profiles:document-signing:RequiresApproval"] = "false",
        ["Pki:Profiles:tls-client:PolicyOids:0"] = "1.3.6.1.4.1.32473.77.1",
    });

    public static TheoryData<string, string, string> PolicyCases => new()
    {
        { "tls-server", "CN=pol.example.co.th", ServicePolicyOids.TlsServer },
        { "person", "CN=Somchai Jaidee, C=TH", ServicePolicyOids.Person },
        { "organization", "CN=Example Co Ltd, O=Example Co Ltd, C=TH", ServicePolicyOids.Organization },
        { "document-signing", "CN=Example e-Seal, O=Department of Examples, C=TH", ServicePolicyOids.DocumentSigning },
        { "tls-client", "CN=batch-7", "1.3.6.1.4.1.32473.77.1" },
    };

    [Theory]
    [MemberData(nameof(PolicyCases))]
    public async Task Issue_EachProfile_CarriesItsOwnPolicyOid(string profile, string subject, string policy)
    {
        var sans = profile == "tls-server" ? new[] { "pol.example.co.th" } : [];
        var (pem, _, _) = await client.IssueAsync(new { profile, csr = TestCsr.EcdsaP256(subject, sans) });

        var policies = Extension(pem, "certificatePolicies");

        Assert.Contains($"Policy: {policy}", policies);
        Assert.Equal(profile == "tls-server" ? 2 : 1, policies.Split("Policy:").Length - 1);
    }

    [Fact]
    public async Task Issue_TlsServerWithoutOrganization_IsDomainValidated()
    {
        var (pem, _, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=dv.example.co.th", "dv.example.co.th") });

        var policies = Extension(pem, "certificatePolicies");

        Assert.Contains("Policy: 2.23.140.1.2.1", policies);
        Assert.DoesNotContain("2.23.140.1.2.2", policies);
    }

    [Fact]
    public async Task Issue_TlsServerWithOrganizationAndLocality_IsOrganizationValidated()
    {
        var (pem, _, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=ov.example.co.th, O=Example Co Ltd, L=Bangkok, C=TH", "ov.example.co.th") });

        var policies = Extension(pem, "certificatePolicies");

        Assert.Contains("Policy: 2.23.140.1.2.2", policies);
        Assert.DoesNotContain("2.23.140.1.2.1", policies);
    }

    [Theory]
    [InlineData("CN=noloc.example.co.th, O=Example Co Ltd, C=TH", "locality-required")]
    [InlineData("CN=nocountry.example.co.th, O=Example Co Ltd, ST=Bangkok", "country-required")]
    [InlineData("CN=placeonly.example.co.th, L=Bangkok", "organization-required")]
    public async Task Submit_TlsServerSubjectOutsideTheBaselineRequirements_Is422(string subject, string code)
    {
        var host = subject[3..subject.IndexOf(',')];
        var before = await fixture.CountRowsAsync();

        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new { profile = "tls-server", csr = TestCsr.EcdsaP256(subject, host) });

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, json.Problem());
        Assert.Equal(code, json!["code"]!.GetValue<string>());
        Assert.Equal(before, await fixture.CountRowsAsync());
    }

    [Fact]
    public async Task Issue_CnInOtherLetterCase_IsWrittenExactlyAsTheSan()
    {
        var (pem, _, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=WWW.Case.Example.CO.TH", "www.case.example.co.th") });

        Assert.Contains("CN=www.case.example.co.th", Subject(pem));
        Assert.Contains("DNS:www.case.example.co.th", Extension(pem, "subjectAltName"));
    }

    [Fact]
    public async Task Issue_ThaiULabelCn_IsWrittenAsTheALabelOfItsSan()
    {
        var (pem, _, _) = await client.IssueAsync(new
        {
            profile = "tls-server",
            csr = TestCsr.EcdsaP256("CN=ignored.example.co.th"),
            subject = new Dictionary<string, string> { ["CN"] = "ตัวอย่าง.ไทย" },
            sans = new[] { "ตัวอย่าง.ไทย" },
        });

        Assert.Contains("CN=xn--72c1a1bt4awk9o.xn--o3cw4h", Subject(pem));
        Assert.Contains("DNS:xn--72c1a1bt4awk9o.xn--o3cw4h", Extension(pem, "subjectAltName"));
    }

    [Theory]
    [InlineData("192.0.2.10", "IP Address:192.0.2.10")]
    [InlineData("2001:DB8:0:0::7", "IP Address:2001:DB8:0:0:0:0:0:7")]
    public async Task Issue_IpAddressCnWithMatchingIpSan_IsAccepted(string cn, string expectedSan)
    {
        var (pem, _, _) = await client.IssueAsync(new
        {
            profile = "tls-server",
            csr = TestCsr.EcdsaP256("CN=ignored.example.co.th"),
            subject = new Dictionary<string, string> { ["CN"] = cn },
            sans = new[] { "ip:" + cn },
        });

        Assert.Contains(expectedSan, Extension(pem, "subjectAltName"));
        Assert.Contains("CN=" + System.Net.IPAddress.Parse(cn), Subject(pem));
    }

    [Fact]
    public async Task Submit_IpCnWithoutThatIpSan_IsCnNotInSans()
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new
        {
            profile = "tls-server",
            csr = TestCsr.EcdsaP256("CN=192.0.2.11"),
            sans = new[] { "ip:192.0.2.12" },
        });

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, json.Problem());
        Assert.Equal("cn-not-in-sans", json!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("person", "CN=Somchai Jaidee, C=TH")]
    [InlineData("organization", "CN=Example Co Ltd, O=Example Co Ltd, C=TH")]
    public async Task Issue_WithoutEmailSan_LeavesEmailProtectionOut(string profile, string subject)
    {
        var (pem, _, _) = await client.IssueAsync(new { profile, csr = TestCsr.EcdsaP256(subject) });

        var eku = Extension(pem, "extendedKeyUsage");

        Assert.Contains("TLS Web Client Authentication", eku);
        Assert.DoesNotContain("E-mail Protection", eku);
    }

    [Fact]
    public async Task Issue_PersonWithEmailSan_HasEmailProtection()
    {
        var (pem, _, _) = await client.IssueAsync(new { profile = "person", csr = TestCsr.EcdsaP256("CN=Somchai Jaidee, C=TH"), sans = new[] { "email:somchai@example.co.th" } });

        Assert.Contains("E-mail Protection", Extension(pem, "extendedKeyUsage"));
        Assert.Contains("email:somchai@example.co.th", Extension(pem, "subjectAltName"));
    }

    [Fact]
    public async Task Profiles_ListShowsPolicyOidsAndBaselineRequirements()
    {
        var profiles = (await client.GetJsonAsync("/api/v1/profiles")).AsArray();

        var tls = profiles.Single(p => p!["name"]!.GetValue<string>() == "tls-server")!;
        Assert.True(tls["baselineRequirements"]!.GetValue<bool>());
        Assert.Equal(ServicePolicyOids.TlsServer, tls["policyOids"]![0]!.GetValue<string>());
    }

    public void Dispose() => openssl.Dispose();

    private string Extension(string pem, string name)
    {
        openssl.Write("leaf.pem", pem);
        return openssl.Run("x509", "-in", "leaf.pem", "-noout", "-ext", name).EnsureSuccess().StandardOutput;
    }

    private string Subject(string pem)
    {
        openssl.Write("leaf.pem", pem);
        return openssl.Run("x509", "-in", "leaf.pem", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb").EnsureSuccess().StandardOutput;
    }
}
