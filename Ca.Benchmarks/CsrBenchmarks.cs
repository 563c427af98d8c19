using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ca.Core.Issuance;
using Ca.Core.Keys;

namespace Ca.Benchmarks;

/// <summary>CSR parse + proof-of-possession verification (CsrParser), P-256 and RSA-2048 requests.</summary>
public class CsrBenchmarks
{
    private string pem = null!;

    [Params(KeyAlgorithm.EcdsaP256, KeyAlgorithm.Rsa2048)]
    public KeyAlgorithm CsrKey { get; set; }

    [GlobalSetup]
    public void Setup() => pem = InMemoryPki.Csr(CsrKey, "www.example.co.th");

    [Benchmark]
    public ParsedCsr ParseAndVerify() => CsrParser.Parse(pem);
}

/// <summary>
/// The OpenSSL primitives under issuance, through .NET, for comparison with `openssl speed`:
/// what one sign, one verify and one public-key import cost on this machine.
/// </summary>
public class PrimitiveBenchmarks
{
    private readonly byte[] data = RandomNumberGenerator.GetBytes(400);
    private ECDsa ec = null!;
    private RSA rsa = null!;
    private byte[] ecSignature = null!;
    private byte[] ecSpki = null!;

    [GlobalSetup]
    public void Setup()
    {
        ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        rsa = RSA.Create(2048);
        ecSignature = ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        ecSpki = ec.ExportSubjectPublicKeyInfo();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ec.Dispose();
        rsa.Dispose();
    }

    [Benchmark]
    public byte[] EcdsaP256Sign() => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark]
    public bool EcdsaP256Verify() => ec.VerifyData(data, ecSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark]
    public bool EcdsaP256ImportSpkiAndVerify()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(ecSpki, out _);
        return key.VerifyData(data, ecSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    [Benchmark]
    public byte[] Rsa2048Sign() => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
}
