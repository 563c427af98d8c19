using System.Security.Cryptography;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Ca.Tests.Revocation;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Keys;

/// <summary>
/// PKCS#12 from server-side key generation, for every key type, opened by the three independent
/// stacks a subscriber is likely to use: OpenSSL 3, GnuTLS and NSS.
/// </summary>
public sealed class Pkcs12ExporterTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly OpenSslCli openssl = new();
    private readonly NssDatabase nss = new();

    public static TheoryData<KeyAlgorithm> KeyTypes => new()
    {
        KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa2048, KeyAlgorithm.Rsa3072, KeyAlgorithm.Rsa4096, KeyAlgorithm.Ed25519,
    };

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void Export_Modern_OpensWithOpenSslGnuTlsAndNss(KeyAlgorithm algorithm)
    {
        var (path, certificatePem) = Export(algorithm, Pkcs12Format.Modern);

        var openSsl = openssl.Run("pkcs12", "-in", path, "-passin", "pass:" + Password, "-nodes", "-out", "out.pem");
        Assert.True(openSsl.ExitCode == 0, openSsl.ToString());
        var bundle = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "out.pem"));
        Assert.Contains("-----BEGIN PRIVATE KEY-----", bundle);
        Assert.Equal(3, bundle.Split("BEGIN CERTIFICATE").Length - 1);
        // The key in the file is the certificate's key.
        Assert.Equal(PublicKeyOf("out.pem", isKey: true), PublicKeyOf(openssl.Write("leaf.pem", certificatePem), isKey: false));

        var gnutls = ExternalTool.Run(openssl.WorkingDirectory, "certtool", "--p12-info", "--inder", "--infile", path, "--password", Password);
        Assert.True(gnutls.ExitCode == 0, gnutls.ToString());
        Assert.Contains("PKCS #8", gnutls.Output);
        Assert.DoesNotContain("rror", gnutls.Output);

        var pk12 = ExternalTool.Run(openssl.WorkingDirectory, "pk12util", "-l", path, "-W", Password, "-d", nss.Spec);
        Assert.True(pk12.ExitCode == 0, pk12.ToString());
        Assert.Contains("Key(shrouded)", pk12.Output);
        Assert.Contains("Certificate(has private key)", pk12.Output);
    }

    [Fact]
    public void Export_Modern_UsesPbes2Aes256Pbkdf2Sha256AndSha256MacAtHundredThousandIterations()
    {
        var (path, _) = Export(KeyAlgorithm.EcdsaP256, Pkcs12Format.Modern);

        var info = openssl.Run("pkcs12", "-in", path, "-passin", "pass:" + Password, "-info", "-noout").EnsureSuccess().Output;

        Assert.Contains("MAC: sha256, Iteration 100000", info);
        Assert.Contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256", info);
        Assert.Contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256", info);
        Assert.DoesNotContain("3DES", info);
        Assert.DoesNotContain("sha1", info);
    }

    [Fact]
    public void Export_Ed25519_KeyIsPkcs8Version1WithoutEmbeddedPublicKey()
    {
        var (path, _) = Export(KeyAlgorithm.Ed25519, Pkcs12Format.Modern);
        openssl.Run("pkcs12", "-in", path, "-passin", "pass:" + Password, "-nodes", "-nocerts", "-out", "key.pem").EnsureSuccess();

        var der = Pem.TryDecode(File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "key.pem")), "PRIVATE KEY")!;
        var asn1 = openssl.Run("asn1parse", "-inform", "DER", "-in", openssl.Write("key.der", der)).EnsureSuccess().StandardOutput;

        Assert.Matches(@"INTEGER\s+:00", asn1);
        Assert.Contains("ED25519", asn1);
        Assert.DoesNotContain("cont [ 1 ]", asn1);
        Assert.Equal(48, der.Length);
    }

    [Fact]
    public void Export_Legacy_Is3DesWithSha1MacAndStillOpens()
    {
        var (path, _) = Export(KeyAlgorithm.Rsa2048, Pkcs12Format.Legacy);

        var info = openssl.Run("pkcs12", "-in", path, "-passin", "pass:" + Password, "-info", "-noout").EnsureSuccess().Output;
        Assert.Contains("MAC: sha1, Iteration 2048", info);
        Assert.Contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048", info);
        Assert.Contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048", info);
        Assert.Equal(0, ExternalTool.Run(openssl.WorkingDirectory, "pk12util", "-l", path, "-W", Password, "-d", nss.Spec).ExitCode);
    }

    [Fact]
    public void Export_WrongPassword_DoesNotOpen()
    {
        var (path, _) = Export(KeyAlgorithm.EcdsaP256, Pkcs12Format.Modern);

        Assert.NotEqual(0, openssl.Run("pkcs12", "-in", path, "-passin", "pass:wrong", "-nodes", "-out", "bad.pem").ExitCode);
    }

    public void Dispose()
    {
        openssl.Dispose();
        nss.Dispose();
    }

    private (string Path, string CertificatePem) Export(KeyAlgorithm algorithm, Pkcs12Format format)
    {
        var pki = TestPki.Shared;
        using var key = SigningKey.Generate(algorithm);
        var profile = BuiltInProfiles.All["tls-client"] with { AllowedKeyAlgorithms = [algorithm] };
        var certificate = LeafCertificateBuilder.Build(new LeafCertificateBuilder.Template(
            pki.Issuing, profile, new X509Name("CN=p12-" + algorithm), key.PublicKeyInfo, algorithm, [], SerialNumber.NewRandom(), pki.Now.AddMinutes(-1), pki.Now.AddDays(30)), TestPki.Urls);

        var pkcs12 = Pkcs12Exporter.Export(key, certificate, [pki.Issuing.Certificate, pki.Root.Certificate], Password, "p12 " + algorithm, format);

        return (openssl.Write($"bundle-{algorithm}.p12", pkcs12), Pem.Encode("CERTIFICATE", certificate.GetEncoded()));
    }

    private string PublicKeyOf(string path, bool isKey) =>
        isKey
            ? openssl.Run("pkey", "-in", path, "-pubout").EnsureSuccess().StandardOutput
            : openssl.Run("x509", "-in", path, "-noout", "-pubkey").EnsureSuccess().StandardOutput;
}
