using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support.Pki;

/// <summary>The key algorithms a test certificate can carry.</summary>
public enum TestKeyType
{
    /// <summary>ECDSA P-256 (fast: the default).</summary>
    EcP256,
    /// <summary>ECDSA P-384.</summary>
    EcP384,
    /// <summary>RSA 2048 (generated once per process and shared: RSA key generation is slow).</summary>
    Rsa2048,
    /// <summary>Ed25519.</summary>
    Ed25519,
}

/// <summary>Key pairs for test certificates, and the signature algorithm each key signs with.</summary>
public static class TestKeys
{
    private static readonly SecureRandom Random = new();
    private static readonly Lazy<AsymmetricCipherKeyPair[]> RsaPool = new(() => Enumerable.Range(0, 4).Select(_ => NewRsa()).ToArray());
    private static int _rsaNext;

    /// <summary>A fresh key of the type (RSA keys come from a small shared pool).</summary>
    public static AsymmetricCipherKeyPair New(TestKeyType type = TestKeyType.EcP256) => type switch
    {
        TestKeyType.EcP256 => NewEc(SecObjectIdentifiers.SecP256r1),
        TestKeyType.EcP384 => NewEc(SecObjectIdentifiers.SecP384r1),
        TestKeyType.Rsa2048 => RsaPool.Value[Interlocked.Increment(ref _rsaNext) % RsaPool.Value.Length],
        TestKeyType.Ed25519 => NewEd25519(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// The BouncyCastle key pair of a production <see cref="Ca.Core.Keys.SigningKey"/>, so a service-level test bed can
    /// make its CA certificates with <see cref="TestCertificateBuilder"/> and still load them as real authorities.
    /// </summary>
    public static AsymmetricCipherKeyPair FromSigningKey(Ca.Core.Keys.SigningKey key) =>
        new(PublicKeyFactory.CreateKey(key.PublicKeyInfo), PrivateKeyFactory.CreateKey(key.ExportPkcs8()));

    /// <summary>The signature algorithm a private key signs certificates and CRLs with.</summary>
    public static string SignatureAlgorithm(AsymmetricKeyParameter privateKey) => privateKey switch
    {
        ECPrivateKeyParameters ec when ec.Parameters.Curve.FieldSize > 256 => "SHA384WITHECDSA",
        ECPrivateKeyParameters => "SHA256WITHECDSA",
        RsaKeyParameters => "SHA256WITHRSA",
        Ed25519PrivateKeyParameters => "Ed25519",
        _ => throw new ArgumentException($"no signature algorithm for {privateKey.GetType().Name}", nameof(privateKey)),
    };

    /// <summary>The subjectPublicKeyInfo of a key, with EC domain parameters named (RFC 5480) or spelled out.</summary>
    public static SubjectPublicKeyInfo PublicKeyInfo(AsymmetricKeyParameter publicKey, bool explicitEcParameters = false)
    {
        if (!explicitEcParameters)
        {
            return SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey);
        }

        var ec = (ECPublicKeyParameters)publicKey;
        var domain = ec.Parameters;
        var parameters = new X962Parameters(new X9ECParameters(domain.Curve, new X9ECPoint(domain.G, false), domain.N, domain.H, domain.GetSeed()));
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, parameters), ec.Q.GetEncoded(false));
    }

    private static AsymmetricCipherKeyPair NewEc(Org.BouncyCastle.Asn1.DerObjectIdentifier curve)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(curve, Random));
        return generator.GenerateKeyPair();
    }

    private static AsymmetricCipherKeyPair NewRsa()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, 2048, 80));
        return generator.GenerateKeyPair();
    }

    private static AsymmetricCipherKeyPair NewEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(Random));
        return generator.GenerateKeyPair();
    }
}
