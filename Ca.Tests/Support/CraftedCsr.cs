using System.Security.Cryptography;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support;

/// <summary>
/// PKCS#10 requests built field by field, for the malformed and hostile shapes that no well-behaved
/// encoder produces: any version, any attribute contents, any signature algorithm over any key.
/// </summary>
public static class CraftedCsr
{
    /// <summary>A fresh EC P-256 key pair as BouncyCastle parameters.</summary>
    public static AsymmetricCipherKeyPair EcKey()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return FromPkcs8(ec.ExportPkcs8PrivateKey());
    }

    /// <summary>A fresh RSA-2048 key pair as BouncyCastle parameters.</summary>
    public static AsymmetricCipherKeyPair RsaKey()
    {
        using var rsa = RSA.Create(2048);
        return FromPkcs8(rsa.ExportPkcs8PrivateKey());
    }

    /// <summary>
    /// A CSR with the given version and attributes, signed by <paramref name="key"/> with
    /// <paramref name="signatureAlgorithm"/> (a BouncyCastle name such as SHA256WITHECDSA or SHA1WITHRSA).
    /// </summary>
    public static string Signed(AsymmetricCipherKeyPair key, string signatureAlgorithm, string subject = "CN=crafted.example.co.th", int version = 0, Asn1Set? attributes = null)
    {
        var info = Info(key, subject, version, attributes ?? SanAttributes("crafted.example.co.th"));
        var factory = new Asn1SignatureFactory(signatureAlgorithm, key.Private);
        var calculator = factory.CreateCalculator();
        var tbs = info.GetDerEncoded();
        calculator.Stream.Write(tbs, 0, tbs.Length);
        var signature = calculator.GetResult().Collect();
        return Encode(info, (AlgorithmIdentifier)factory.AlgorithmDetails, signature);
    }

    /// <summary>A CSR whose outer signature algorithm claims <paramref name="claimed"/> whatever the key is.</summary>
    public static string WithClaimedAlgorithm(AsymmetricCipherKeyPair key, DerObjectIdentifier claimed)
    {
        var info = Info(key, "CN=crafted.example.co.th", 0, SanAttributes("crafted.example.co.th"));
        return Encode(info, new AlgorithmIdentifier(claimed, DerNull.Instance), RandomNumberGenerator.GetBytes(256));
    }

    /// <summary>The attribute set of a CSR whose extensionRequest holds an empty SET.</summary>
    public static Asn1Set EmptyExtensionRequest() =>
        new DerSet(new DerSequence(PkcsObjectIdentifiers.Pkcs9AtExtensionRequest, DerSet.Empty));

    /// <summary>An extensionRequest with a subjectAltName of the given DNS names.</summary>
    public static Asn1Set SanAttributes(params string[] dnsNames)
    {
        var generator = new X509ExtensionsGenerator();
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(dnsNames.Select(n => new GeneralName(GeneralName.DnsName, n)).ToArray()));
        return new DerSet(new DerSequence(PkcsObjectIdentifiers.Pkcs9AtExtensionRequest, new DerSet(generator.Generate())));
    }

    /// <summary>ecdsa-with-SHA1, for the "weak signature" cases.</summary>
    public static DerObjectIdentifier EcdsaWithSha1 => X9ObjectIdentifiers.ECDsaWithSha1;

    private static DerSequence Info(AsymmetricCipherKeyPair key, string subject, int version, Asn1Set attributes)
    {
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public);
        return new DerSequence(DerInteger.ValueOf(version), new X509Name(subject), spki, new DerTaggedObject(false, 0, attributes));
    }

    private static string Encode(Asn1Encodable info, AlgorithmIdentifier algorithm, byte[] signature) =>
        Pem.Encode("CERTIFICATE REQUEST", new DerSequence(info, algorithm, new DerBitString(signature)).GetDerEncoded());

    private static AsymmetricCipherKeyPair FromPkcs8(byte[] pkcs8)
    {
        var privateKey = PrivateKeyFactory.CreateKey(pkcs8);
        AsymmetricKeyParameter publicKey = privateKey switch
        {
            Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters ec => new Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters(
                "EC", ec.Parameters.G.Multiply(ec.D).Normalize(), ec.PublicKeyParamSet),
            Org.BouncyCastle.Crypto.Parameters.RsaPrivateCrtKeyParameters rsa => new Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent),
            _ => throw new NotSupportedException(),
        };
        return new AsymmetricCipherKeyPair(publicKey, privateKey);
    }
}
