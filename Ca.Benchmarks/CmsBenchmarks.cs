using System.Text;
using BenchmarkDotNet.Attributes;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Ca.Core.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Benchmarks;

/// <summary>
/// Verifying one CAdES (CMS SignedData) signature over a 4 KiB document, P-256 e-seal key: the
/// signature itself (CmsSignatureInspector) and then its signer's chain to the root
/// (CertificatePathValidator, revocation not checked).
/// </summary>
public class CmsBenchmarks
{
    private readonly byte[] document = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("เอกสารตัวอย่าง sample document. ", 128)))[..4096];
    private readonly CmsSignatureInspector inspector = new();
    private readonly CertificatePathValidator validator = new();
    private InMemoryPki pki = null!;
    private byte[] signature = null!;
    private X509Certificate signerCertificate = null!;

    [GlobalSetup]
    public void Setup()
    {
        pki = InMemoryPki.Create(KeyAlgorithm.EcdsaP256);
        var key = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var now = DateTimeOffset.UtcNow;
        var subject = SubjectNames.FromRequest(new Dictionary<string, string> { ["CN"] = "Bench e-seal", ["O"] = "Bench", ["C"] = "TH" });
        signerCertificate = LeafCertificateBuilder.Build(
            new LeafCertificateBuilder.Template(pki.Issuing, BuiltInProfiles.All["document-signing"], SubjectNames.Encode(subject), key.PublicKeyInfo, key.Algorithm, [], SerialNumber.NewRandom(), now.AddMinutes(-5), now.AddDays(365)),
            InMemoryPki.Urls);
        var material = new DocumentSigningMaterial(key, signerCertificate, [signerCertificate, pki.Issuing.Certificate]);
        signature = new CadesSigner(TimeProvider.System).SignAsync(document, material, detached: false, timestamp: false, CancellationToken.None).GetAwaiter().GetResult();
        if (!VerifyWithChain())
        {
            throw new InvalidOperationException("The benchmark signature does not verify.");
        }
    }

    [Benchmark]
    public bool VerifySignature() => inspector.Inspect(signature, document).IsOk;

    [Benchmark]
    public bool VerifyWithChain()
    {
        var result = inspector.Inspect(signature, document);
        if (!result.IsOk)
        {
            return false;
        }

        var settings = PathValidationSettings.At(DateTimeOffset.UtcNow) with { CheckRevocation = false };
        return validator.ValidateAsync(pki.Root.Certificate, [pki.Issuing.Certificate, result.SignerCertificate!], settings, null).AsTask().GetAwaiter().GetResult().IsValid;
    }
}
