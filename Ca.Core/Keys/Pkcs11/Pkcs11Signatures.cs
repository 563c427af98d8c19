using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// The encodings around a token's raw signature mechanisms: the DigestInfo CKM_RSA_PKCS signs, the
/// DER SEQUENCE { r, s } X.509 and CMS want from CKM_ECDSA's r||s, and the RSASSA-PSS parameters.
/// </summary>
internal static class Pkcs11Signatures
{
    private static readonly byte[] Sha256DigestInfoPrefix = Convert.FromHexString("3031300d060960864801650304020105000420");

    /// <summary>RSASSA-PSS with SHA-256, MGF1-SHA-256, a 32-byte salt, trailer 1 (RFC 4055 3.1).</summary>
    public static AlgorithmIdentifier RsaPssSha256 { get; } = new(
        PkcsObjectIdentifiers.IdRsassaPss,
        new RsassaPssParameters(
            new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256, DerNull.Instance),
            new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256, DerNull.Instance)),
            DerInteger.ValueOf(32),
            DerInteger.ValueOf(1)));

    /// <summary>DigestInfo { sha256, digest } (RFC 8017 9.2), the input of CKM_RSA_PKCS for sha256WithRSAEncryption.</summary>
    public static byte[] Sha256DigestInfo(byte[] digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(digest));
        }

        return [.. Sha256DigestInfoPrefix, .. digest];
    }

    /// <summary>CKM_ECDSA's r||s (each half the field size) as DER Ecdsa-Sig-Value (RFC 3279 2.2.3).</summary>
    public static byte[] EcdsaRawToDer(byte[] raw)
    {
        if (raw.Length == 0 || raw.Length % 2 != 0)
        {
            throw new CryptographicException($"The token returned an ECDSA signature of {raw.Length} bytes, not r||s.");
        }

        var half = raw.Length / 2;
        return new DerSequence(
            new DerInteger(new BigInteger(1, raw, 0, half)),
            new DerInteger(new BigInteger(1, raw, half, half))).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>The hash each algorithm signs with.</summary>
    public static HashAlgorithmName HashFor(KeyAlgorithm algorithm) =>
        algorithm == KeyAlgorithm.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
}
