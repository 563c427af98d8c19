using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using System.Security.Cryptography;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Ca.Core.Timestamping;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support.Documents;

/// <summary>
/// A root, an issuing CA, document signers and a TSA, all with real keys, valid at the real current time
/// (openssl checks validity against its own clock). Built once per test run: key generation dominates.
/// </summary>
internal sealed class DocumentPki
{
    private static readonly Lazy<DocumentPki> Instance = new(() => CreateAsync().GetAwaiter().GetResult());

    private DocumentPki()
    {
    }

    public static DocumentPki Shared => Instance.Value;

    public static PublicUrls Urls { get; } = new("http://pki.test");

    public DateTimeOffset Now { get; private init; }

    public CertificateAuthority Root { get; private init; } = null!;

    public CertificateAuthority Issuing { get; private init; } = null!;

    public DocumentSigningMaterial EcSigner { get; private init; } = null!;

    public DocumentSigningMaterial RsaSigner { get; private init; } = null!;

    public DocumentSigningMaterial EdSigner { get; private init; } = null!;

    /// <summary>An e-seal whose subject is written in Thai.</summary>
    public DocumentSigningMaterial ThaiSigner { get; private init; } = null!;

    public TsaSigningMaterial Tsa { get; private init; } = null!;

    /// <summary>Directory holding root.pem, chain.pem (root + issuing), signer.pem, signer.key, issuing.pem.</summary>
    public string Files { get; private init; } = null!;

    public string RootPem => Path.Combine(Files, "root.pem");

    public string ChainPem => Path.Combine(Files, "chain.pem");

    public string SignerCertPem => Path.Combine(Files, "signer.pem");

    public string SignerKeyPem => Path.Combine(Files, "signer.key");

    public string IssuingPem => Path.Combine(Files, "issuing.pem");

    /// <summary>A fresh scratch directory for one test.</summary>
    public string NewWorkDirectory()
    {
        var path = Path.Combine(Files, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static X509Certificate IssueLeaf(CertificateAuthority issuer, string profile, ISigningKey key, string subject, DateTimeOffset now, IReadOnlyList<SubjectAltName>? sans = null) =>
        LeafCertificateBuilder.Build(
            new LeafCertificateBuilder.Template(issuer, BuiltInProfiles.All[profile], new X509Name(subject), key.PublicKeyInfo, key.Algorithm, sans ?? [], SerialNumber.NewRandom(), now.AddHours(-1), now.AddDays(30)),
            Urls);

    private static async Task<DocumentPki> CreateAsync()
    {
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond));
        var store = new InMemoryAuthorityStore();
        var protector = new AesGcmKeyProtector(RandomNumberGenerator.GetBytes(32));
        var registry = new AuthorityRegistry(store, protector);

        TestCertificate rootCert;
        using (var rootKey = SigningKey.Generate(KeyAlgorithm.EcdsaP256))
        {
            // The CA certificates come from the suite's one builder, shaped like the service's own.
            rootCert = TestCertificateBuilder.Root(new X509Name("CN=Documents Test Root,O=PkiService Tests,C=TH")).Key(TestKeys.FromSigningKey(rootKey))
                .Validity(now.AddDays(-1), now.AddYears(5)).KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature).Build();
            await AddAsync(store, protector, "root-ca", null, rootCert.Certificate, rootKey, now);
        }

        var root = (await registry.FindAsync("root-ca", CancellationToken.None))!;
        using (var issuingKey = SigningKey.Generate(KeyAlgorithm.EcdsaP256))
        {
            var issuingCert = TestCertificateBuilder.Intermediate(new X509Name("CN=Documents Test Issuing CA,O=PkiService Tests,C=TH"), rootCert).Key(TestKeys.FromSigningKey(issuingKey))
                .PathLength(0).Validity(now.AddDays(-1), now.AddYears(2)).KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature)
                .ServiceCaExtensions(Urls.Crl("root-ca"), Urls.CaCertificate("root-ca")).Build();
            await AddAsync(store, protector, "issuing-ca", "root-ca", issuingCert.Certificate, issuingKey, now);
        }

        var issuing = (await registry.FindAsync("issuing-ca", CancellationToken.None))!;
        var chain = new[] { issuing.Certificate, root.Certificate };

        DocumentSigningMaterial Signer(KeyAlgorithm algorithm, string cn)
        {
            var key = SigningKey.Generate(algorithm);
            // A mailbox, so the certificate carries emailProtection: NSS (pdfsig) trusts a PDF signer only with it.
            var mailbox = new SubjectAltName(SanType.Email, "e-seal@pki.test");
            return new DocumentSigningMaterial(key, IssueLeaf(issuing, "document-signing", key, $"CN={cn},O=PkiService Tests,C=TH", now, [mailbox]), chain);
        }

        var tsaKey = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var tsaCert = TsaCertificateBuilder.Build(issuing, new X509Name("CN=Documents Test TSA,O=PkiService Tests,C=TH"), tsaKey.PublicKeyInfo, now.AddHours(-1), null, Urls);

        var pki = new DocumentPki
        {
            Now = now,
            Root = root,
            Issuing = issuing,
            EcSigner = Signer(KeyAlgorithm.EcdsaP256, "EC e-Seal"),
            RsaSigner = Signer(KeyAlgorithm.Rsa2048, "RSA e-Seal"),
            EdSigner = Signer(KeyAlgorithm.Ed25519, "Ed25519 e-Seal"),
            ThaiSigner = Signer(KeyAlgorithm.EcdsaP256, "ตราประทับ บริษัท ตัวอย่าง จำกัด"),
            Tsa = new TsaSigningMaterial(tsaKey, tsaCert, [issuing.Certificate]),
            Files = Path.Combine(Path.GetTempPath(), "ca-documents-tests", Guid.NewGuid().ToString("N")),
        };

        Directory.CreateDirectory(pki.Files);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(pki.Files, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        await File.WriteAllTextAsync(pki.RootPem, Pem.Encode("CERTIFICATE", root.Certificate.GetEncoded()));
        await File.WriteAllTextAsync(pki.IssuingPem, Pem.Encode("CERTIFICATE", issuing.Certificate.GetEncoded()));
        await File.WriteAllTextAsync(pki.ChainPem, Pem.Encode("CERTIFICATE", root.Certificate.GetEncoded()) + Pem.Encode("CERTIFICATE", issuing.Certificate.GetEncoded()));
        await File.WriteAllTextAsync(pki.SignerCertPem, Pem.Encode("CERTIFICATE", pki.EcSigner.Certificate.GetEncoded()));
        await File.WriteAllTextAsync(pki.SignerKeyPem, Pem.Encode("PRIVATE KEY", ((SigningKey)pki.EcSigner.Key).ExportPkcs8()));
        return pki;
    }

    private static Task AddAsync(InMemoryAuthorityStore store, IKeyProtector protector, string id, string? parentId, X509Certificate certificate, SigningKey key, DateTimeOffset now)
    {
        var record = new AuthorityRecord(id, id, parentId, certificate.GetEncoded(), protector.Protect(key.ExportPkcs8(), id), key.Algorithm, AuthorityStatus.Active, now);
        return store.AddAsync(record, new AuditEvent("test", id, "test", "success", now, null, null), CancellationToken.None);
    }
}
