using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Benchmarks;

/// <summary>Signing one subscriber certificate (tls-server profile, P-256 subscriber key) with a P-256 or RSA-2048 issuing CA.</summary>
public class IssuanceBenchmarks
{
    private InMemoryPki pki = null!;
    private CertificateProfile profile = null!;
    private X509Name subject = null!;
    private SubjectPublicKeyInfo subscriberKey = null!;
    private IReadOnlyList<SubjectAltName> sans = null!;

    [Params(KeyAlgorithm.EcdsaP256, KeyAlgorithm.Rsa2048)]
    public KeyAlgorithm IssuingKey { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pki = InMemoryPki.Create(IssuingKey);
        profile = BuiltInProfiles.All["tls-server"];
        subject = SubjectNames.Encode(SubjectNames.FromRequest(new Dictionary<string, string> { ["CN"] = "www.example.co.th", ["O"] = "Bench", ["C"] = "TH" }));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        subscriberKey = SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo());
        sans = [SubjectAltNames.Parse("www.example.co.th", "sans")];
    }

    /// <summary>LeafCertificateBuilder.Build plus DER encoding, as IssuanceService does per certificate.</summary>
    [Benchmark]
    public byte[] SignCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        var template = new LeafCertificateBuilder.Template(pki.Issuing, profile, subject, subscriberKey, KeyAlgorithm.EcdsaP256, sans, SerialNumber.NewRandom(), now, now.AddDays(90));
        return LeafCertificateBuilder.Build(template, InMemoryPki.Urls).GetEncoded();
    }
}
