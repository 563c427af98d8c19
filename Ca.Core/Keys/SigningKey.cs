using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ca.Core.Keys;

/// <summary>
/// A software private key able to sign, with its public half: the <see cref="ISigningKey"/> of keys
/// kept wrapped under the KEK (CA and service keys with <c>Pki:Keys:Provider=Software</c>) and of
/// subscriber keys the service generates for a PKCS#12. Signs through .NET's OpenSSL-backed
/// ECDsa/RSA (<see cref="NativeSignatureFactory"/>); the private key never leaves this object except
/// through <see cref="ExportPkcs8"/>, which only the key providers and the PKCS#12 export call.
/// </summary>
public sealed class SigningKey : ISigningKey, IDisposable
{
    private readonly AsymmetricKeyParameter privateKey;
    private readonly IDisposable? nativeKey;

    private SigningKey(KeyAlgorithm algorithm, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, IDisposable? nativeKey, ISignatureFactory signatureFactory)
    {
        Algorithm = algorithm;
        this.privateKey = privateKey;
        PublicKey = publicKey;
        this.nativeKey = nativeKey;
        SignatureFactory = signatureFactory;
        PublicKeyInfo = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey);
    }

    /// <summary>The key's algorithm, which also fixes the signature algorithm it produces.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>The public key, for building certificates and verifying our own output.</summary>
    public AsymmetricKeyParameter PublicKey { get; }

    /// <summary>The encoded public key as it appears in a certificate.</summary>
    public SubjectPublicKeyInfo PublicKeyInfo { get; }

    /// <summary>Signs with this key; safe to share across threads.</summary>
    public ISignatureFactory SignatureFactory { get; }

    /// <inheritdoc />
    public AlgorithmIdentifier SignatureAlgorithm => (AlgorithmIdentifier)SignatureFactory.AlgorithmDetails;

    /// <inheritdoc />
    public KeyReference Reference { get; internal set; } = KeyReference.InMemory;

    /// <summary>
    /// The BouncyCastle private key, for the few APIs (PKCS#12 export of a subscriber key) that need it.
    /// CA code signs through <see cref="SignatureFactory"/> instead so the key can stay opaque.
    /// </summary>
    internal AsymmetricKeyParameter PrivateKey => privateKey;

    /// <summary>Generates a fresh key. EC and RSA keys come from the platform (OpenSSL), Ed25519 from BouncyCastle.</summary>
    public static SigningKey Generate(KeyAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case KeyAlgorithm.EcdsaP256:
            case KeyAlgorithm.EcdsaP384:
            {
                using var ec = ECDsa.Create(algorithm == KeyAlgorithm.EcdsaP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                return FromPkcs8(ec.ExportPkcs8PrivateKey());
            }

            case KeyAlgorithm.Rsa2048:
            case KeyAlgorithm.Rsa3072:
            case KeyAlgorithm.Rsa4096:
            {
                var bits = algorithm switch { KeyAlgorithm.Rsa2048 => 2048, KeyAlgorithm.Rsa3072 => 3072, _ => 4096 };
                using var rsa = RSA.Create(bits);
                return FromPkcs8(rsa.ExportPkcs8PrivateKey());
            }

            case KeyAlgorithm.Ed25519:
            {
                var generator = new Ed25519KeyPairGenerator();
                generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
                var pair = generator.GenerateKeyPair();
                return Create(KeyAlgorithm.Ed25519, pair.Private, pair.Public);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unsupported key algorithm.");
        }
    }

    /// <summary>Loads a key from its PKCS#8 PrivateKeyInfo encoding (as stored, after decryption).</summary>
    public static SigningKey FromPkcs8(byte[] pkcs8)
    {
        var privateKey = PrivateKeyFactory.CreateKey(pkcs8);
        byte[] spki;
        switch (privateKey)
        {
            case ECPrivateKeyParameters:
            {
                using var ec = ECDsa.Create();
                ec.ImportPkcs8PrivateKey(pkcs8, out _);
                spki = ec.ExportSubjectPublicKeyInfo();
                break;
            }

            case RsaPrivateCrtKeyParameters:
            {
                using var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                spki = rsa.ExportSubjectPublicKeyInfo();
                break;
            }

            case Ed25519PrivateKeyParameters ed:
                spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(ed.GeneratePublicKey()).GetEncoded();
                break;
            default:
                throw new NotSupportedException($"Unsupported private key type {privateKey.GetType().Name}.");
        }

        var info = SubjectPublicKeyInfo.GetInstance(spki);
        var algorithm = KeyAlgorithmDetector.Detect(info)
            ?? throw new NotSupportedException("The private key's algorithm or size is not one this CA uses.");
        return Create(algorithm, privateKey, PublicKeyFactory.CreateKey(info), pkcs8);
    }

    /// <summary>The PKCS#8 PrivateKeyInfo encoding, to be encrypted before it is stored.</summary>
    public byte[] ExportPkcs8() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetEncoded();

    /// <summary>Releases the native key handle.</summary>
    public void Dispose() => nativeKey?.Dispose();

    private static SigningKey Create(KeyAlgorithm algorithm, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, byte[]? pkcs8 = null)
    {
        pkcs8 ??= PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetEncoded();
        switch (algorithm)
        {
            case KeyAlgorithm.EcdsaP256:
            case KeyAlgorithm.EcdsaP384:
            {
                var ec = ECDsa.Create();
                ec.ImportPkcs8PrivateKey(pkcs8, out _);
                return new SigningKey(algorithm, privateKey, publicKey, ec, NativeSignatureFactory.ForEcdsa(ec, algorithm));
            }

            case KeyAlgorithm.Rsa2048:
            case KeyAlgorithm.Rsa3072:
            case KeyAlgorithm.Rsa4096:
            {
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                return new SigningKey(algorithm, privateKey, publicKey, rsa, NativeSignatureFactory.ForRsa(rsa));
            }

            default:
                return new SigningKey(algorithm, privateKey, publicKey, null, new Asn1SignatureFactory("Ed25519", privateKey));
        }
    }
}
