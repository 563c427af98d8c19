using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Core.Timestamping;
using Ca.Tests.Revocation;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Interop;

/// <summary>
/// Every profile, with every key type it allows, issued through the API and judged by three stacks we
/// did not write: OpenSSL (<c>verify -x509_strict</c> with the profile's purpose), GnuTLS
/// (<c>certtool --certificate-info</c> and <c>--verify</c>) and NSS (<c>vfychain</c> against a
/// certificate database trusting our root). Each must report no error.
/// </summary>
public sealed class IndependentJudgesTests : IClassFixture<IndependentJudgesTests.Fixture>, IDisposable
{
    private readonly Fixture fixture;
    private readonly OpenSslCli openssl = new();
    private readonly NssDatabase nss = new();

    public IndependentJudgesTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Profiles:person:RequiresApproval"] = "false",
        ["Pki:Profiles:organization:RequiresApproval"] = "false",
        ["Pki:Profiles:document-signing:RequiresApproval"] = "false",
    });

    /// <summary>How each profile is judged: OpenSSL -purpose, GnuTLS --verify-purpose, NSS vfychain usage.</summary>
    private static readonly Dictionary<string, (string Subject, string[] Sans, string OpenSslPurpose, string GnuTlsPurpose, int NssUsage)> Profiles = new()
    {
        ["tls-server"] = ("CN=judge.example.co.th", ["judge.example.co.th"], "sslserver", "1.3.6.1.5.5.7.3.1", 1),
        ["tls-server-ov"] = ("CN=ov.example.co.th, O=Example Co Ltd, L=Bangkok, C=TH", ["ov.example.co.th"], "sslserver", "1.3.6.1.5.5.7.3.1", 1),
        ["tls-client"] = ("CN=batch-job-7, O=Example Co Ltd", [], "sslclient", "1.3.6.1.5.5.7.3.2", 0),
        ["person"] = ("CN=Somchai Jaidee, C=TH", ["email:somchai@example.co.th"], "smimesign", "1.3.6.1.5.5.7.3.4", 4),
        ["organization"] = ("CN=Example Co Ltd, O=Example Co Ltd, C=TH", ["email:contact@example.co.th"], "smimesign", "1.3.6.1.5.5.7.3.4", 4),
        ["document-signing"] = ("CN=Example e-Seal, O=Department of Examples, C=TH", [], "any", "1.3.6.1.5.5.7.3.36", -1),
    };

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            string[] web = ["RSA-2048", "RSA-3072", "ECDSA-P256", "ECDSA-P384"];
            foreach (var profile in Profiles.Keys)
            {
                foreach (var key in profile is "person" or "organization" or "document-signing" ? [.. web, "Ed25519"] : web)
                {
                    data.Add(profile, key);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Issue_EveryProfileAndKeyType_OpenSslGnuTlsAndNssReportNoError(string profile, string keyAlgorithm)
    {
        var (subject, sans, purpose, gnutlsPurpose, nssUsage) = Profiles[profile];
        var client = fixture.ClientFor("requester");
        var (pem, _, _) = await client.IssueAsync(new { profile = profile.Replace("-ov", string.Empty, StringComparison.Ordinal), csr = Csr(keyAlgorithm, subject), sans = sans.Length > 0 ? sans : null });
        await WriteChainAsync(client);
        openssl.Write("leaf.pem", pem);

        // NSS 3.87 (Debian 12) does not know id-Ed25519 subject keys at all (-8049 unrecognized OID):
        // for those OpenSSL and GnuTLS are the judges.
        Judge(purpose, gnutlsPurpose, keyAlgorithm == "Ed25519" ? -1 : nssUsage, sans.FirstOrDefault(s => !s.Contains(':', StringComparison.Ordinal)));
    }

    [Fact]
    public void ServiceCertificates_OcspResponderAndTsa_OpenSslGnuTlsAndNssReportNoError()
    {
        var pki = TestPki.Create(DateTimeOffset.UtcNow, KeyAlgorithm.EcdsaP256);
        using var key = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        openssl.Write("root.pem", pki.RootPem);
        openssl.Write("issuing.pem", pki.IssuingPem);
        nss.TrustRoot("root", Path.Combine(openssl.WorkingDirectory, "root.pem"));

        openssl.Write("leaf.pem", Pem.Encode("CERTIFICATE", OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, pki.Now).GetEncoded()));
        Judge("ocsphelper", "1.3.6.1.5.5.7.3.9", 10, null);

        openssl.Write("leaf.pem", Pem.Encode("CERTIFICATE", TsaCertificateBuilder.Build(pki.Issuing, new X509Name("CN=Judge TSA,O=PkiService Tests,C=TH"), key.PublicKeyInfo, pki.Now, null, TestPki.Urls).GetEncoded()));
        Judge("timestampsign", "1.3.6.1.5.5.7.3.8", -1, null);
    }

    public void Dispose()
    {
        openssl.Dispose();
        nss.Dispose();
    }

    private void Judge(string openSslPurpose, string gnutlsPurpose, int nssUsage, string? hostname)
    {
        var verify = openssl.Run("verify", "-x509_strict", "-purpose", openSslPurpose, "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("leaf.pem: OK", StringComparison.Ordinal), verify.ToString());

        var info = ExternalTool.Run(openssl.WorkingDirectory, "certtool", "--certificate-info", "--infile", "leaf.pem");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("Certificate Policies (not critical)", info.Output);
        // GnuTLS prints freshestCRL (2.5.29.46, RFC 5280 4.2.1.15) and id-pkix-ocsp-nocheck (RFC 6960
        // 4.2.2.2.1), both non-critical, as "Unknown extension" because its printer does not decode them;
        // that is a gap in the printer, not a finding about the certificate.
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(info.Output,
            @"(?i)error|warning|unsupported|unknown(?! extension (2\.5\.29\.46|1\.3\.6\.1\.5\.5\.7\.48\.1\.5) \(not critical\))"), info.Output);

        File.WriteAllText(Path.Combine(openssl.WorkingDirectory, "bundle.pem"),
            File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "leaf.pem")) + File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "issuing.pem")));
        var arguments = new List<string> { "--verify", "--load-ca-certificate", "root.pem", "--infile", "bundle.pem", "--verify-purpose", gnutlsPurpose };
        if (hostname is not null)
        {
            arguments.AddRange(["--verify-hostname", hostname]);
        }

        var chain = ExternalTool.Run(openssl.WorkingDirectory, "certtool", [.. arguments]);
        Assert.True(chain.ExitCode == 0 && chain.Output.Contains("Chain verification output: Verified.", StringComparison.Ordinal), chain.ToString());

        if (nssUsage >= 0)
        {
            var vfy = nss.Verify(nssUsage, Path.Combine(openssl.WorkingDirectory, "leaf.pem"), Path.Combine(openssl.WorkingDirectory, "issuing.pem"));
            Assert.True(vfy.ExitCode == 0 && vfy.Output.Contains("Chain is good!", StringComparison.Ordinal), vfy.ToString());
        }
    }

    private async Task WriteChainAsync(HttpClient client)
    {
        if (File.Exists(Path.Combine(openssl.WorkingDirectory, "root.pem")))
        {
            return;
        }

        openssl.Write("root.pem", await client.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        nss.TrustRoot("root", Path.Combine(openssl.WorkingDirectory, "root.pem"));
    }

    private string Csr(string keyAlgorithm, string subject)
    {
        switch (keyAlgorithm)
        {
            case "ECDSA-P256":
            case "ECDSA-P384":
            {
                using var ec = ECDsa.Create(keyAlgorithm == "ECDSA-P256" ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                return Pem.Encode("CERTIFICATE REQUEST", new CertificateRequest(subject, ec, keyAlgorithm == "ECDSA-P256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384).CreateSigningRequest());
            }

            case "RSA-2048":
            case "RSA-3072":
            {
                using var rsa = RSA.Create(keyAlgorithm == "RSA-2048" ? 2048 : 3072);
                return Pem.Encode("CERTIFICATE REQUEST", new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest());
            }

            default:
                openssl.Run("genpkey", "-algorithm", "ed25519", "-out", "ed25519.key").EnsureSuccess();
                var opensslSubject = "/" + string.Join("/", subject.Split(", ").Reverse());
                openssl.Run("req", "-new", "-key", "ed25519.key", "-utf8", "-subj", opensslSubject, "-out", "ed25519.csr").EnsureSuccess();
                return File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "ed25519.csr"));
        }
    }
}
