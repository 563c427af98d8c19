using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using System.Security.Cryptography;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Revocation;

/// <summary>
/// A real root + issuing CA pair with real keys, loaded through <see cref="AuthorityRegistry"/> the way
/// production loads them, plus leaf issuance. Shared by the revocation and OCSP tests.
/// </summary>
internal sealed class TestPki
{
    public static readonly PublicUrls Urls = new("http://pki.test");

    private static readonly CertificateProfile LeafProfile = new()
    {
        Name = "test-leaf",
        AllowedKeyAlgorithms = [KeyAlgorithm.EcdsaP256],
        KeyUsages = [KeyUsageName.DigitalSignature],
        ExtendedKeyUsages = [],
        MaxValidityDays = 365,
        DefaultValidityDays = 30,
        AllowedSubjectAttributes = ["CN"],
    };

    private TestPki(CertificateAuthority root, CertificateAuthority issuing, DateTimeOffset now)
    {
        Root = root;
        Issuing = issuing;
        Now = now;
    }

    private static readonly Lazy<TestPki> SharedNow = new(() => Create(DateTimeOffset.UtcNow));

    /// <summary>One hierarchy valid at the real current time, shared by the openssl tests (RSA keys take a moment to generate).</summary>
    public static TestPki Shared => SharedNow.Value;

    public CertificateAuthority Root { get; }

    public CertificateAuthority Issuing { get; }

    /// <summary>The "now" the hierarchy was built around.</summary>
    public DateTimeOffset Now { get; }

    public string RootPem => Pem.Encode("CERTIFICATE", Root.Certificate.GetEncoded());

    public string IssuingPem => Pem.Encode("CERTIFICATE", Issuing.Certificate.GetEncoded());

    /// <summary>
    /// Builds a hierarchy valid around <paramref name="now"/> (use the real time when openssl is involved).
    /// RSA by default: in the base commit <c>SigningKey.Generate</c> rejects its own EC keys because
    /// <c>KeyAlgorithmDetector</c> expects a bare OID where BouncyCastle hands it an X962Parameters.
    /// </summary>
    public static TestPki Create(DateTimeOffset now, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048, string issuingId = "issuing-ca", string issuingCn = "Test Issuing CA")
    {
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var protector = new AesGcmKeyProtector(RandomNumberGenerator.GetBytes(32));
        var registry = new AuthorityRegistry(new InMemoryAuthorityStore(), protector);

        // The CA certificates come from the suite's one builder, shaped like the service's own (ServiceCaExtensions).
        using var rootKey = SigningKey.Generate(algorithm);
        var rootCert = TestCertificateBuilder.Root(new X509Name("CN=Test Root CA,O=PkiService Tests")).Key(TestKeys.FromSigningKey(rootKey))
            .Validity(now.AddDays(-1), now.AddYears(10)).KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature).Build();
        var root = registry.Load(Record("root-ca", null, rootCert.Certificate, rootKey, protector, now));

        using var issuingKey = SigningKey.Generate(algorithm);
        var issuingCert = TestCertificateBuilder.Intermediate(new X509Name($"CN={issuingCn},O=PkiService Tests"), rootCert).Key(TestKeys.FromSigningKey(issuingKey))
            .PathLength(0).Validity(now.AddDays(-1), now.AddYears(5)).KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature)
            .ServiceCaExtensions(Urls.Crl("root-ca"), Urls.CaCertificate("root-ca")).Build();
        var issuing = registry.Load(Record(issuingId, "root-ca", issuingCert.Certificate, issuingKey, protector, now));
        return new TestPki(root, issuing, now);
    }

    /// <summary>A serial from hex, for readable fixed test data.</summary>
    public static SerialNumber Serial(string hex) =>
        SerialNumber.TryParse(hex, out var serial) ? serial : throw new ArgumentException(hex, nameof(hex));

    /// <summary>Issues an end-entity certificate from the issuing CA.</summary>
    public X509Certificate IssueLeaf(string commonName, SerialNumber? serial = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo());
        var template = new LeafCertificateBuilder.Template(
            Issuing, LeafProfile, new X509Name($"CN={commonName}"), publicKey, KeyAlgorithm.EcdsaP256, [],
            serial ?? SerialNumber.NewRandom(), Now.AddHours(-1), Now.AddDays(30));
        return LeafCertificateBuilder.Build(template, Urls);
    }

    private static AuthorityRecord Record(string id, string? parentId, X509Certificate certificate, SigningKey key, IKeyProtector protector, DateTimeOffset now) =>
        new(id, id, parentId, certificate.GetEncoded(), protector.Protect(key.ExportPkcs8(), id), key.Algorithm, AuthorityStatus.Active, now);
}
