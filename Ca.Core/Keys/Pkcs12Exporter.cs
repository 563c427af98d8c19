using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Parameters;

namespace Ca.Core.Keys;

/// <summary>
/// Packs a generated subscriber key with its certificate and chain into PKCS#12 (RFC 7292).
/// Built with .NET's <see cref="Pkcs12Builder"/> rather than BouncyCastle's store, because it lets us
/// choose every parameter (PBES2/AES-256-CBC, PBKDF2-HMAC-SHA256, an HMAC-SHA256 MAC and their
/// iteration counts, where BouncyCastle's builder fixes 1,024 iterations and an HMAC-SHA1 MAC) and it
/// takes the private key as PKCS#8 we encode ourselves: Ed25519 as PKCS#8 v1 without the embedded
/// public key (RFC 8410 7), which OpenSSL 3.0, GnuTLS and NSS open, where BouncyCastle writes v2
/// (OneAsymmetricKey with the public key) that none of them reads.
/// </summary>
public static class Pkcs12Exporter
{
    /// <summary>PBKDF2 and MAC iterations of the modern format.</summary>
    public const int ModernIterations = 100_000;

    /// <summary>Iterations of the legacy format (OpenSSL's historical default).</summary>
    public const int LegacyIterations = 2_048;

    /// <summary>Exports the key, its certificate and the issuing chain (leaf first, root last).</summary>
    public static byte[] Export(SigningKey key, Org.BouncyCastle.X509.X509Certificate certificate, IReadOnlyList<Org.BouncyCastle.X509.X509Certificate> chain, string password, string friendlyName, Pkcs12Format format = Pkcs12Format.Modern)
    {
        var (pbe, macHash, macIterations) = format == Pkcs12Format.Legacy
            ? (new PbeParameters(PbeEncryptionAlgorithm.TripleDes3KeyPkcs12, HashAlgorithmName.SHA1, LegacyIterations), HashAlgorithmName.SHA1, LegacyIterations)
            : (new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, ModernIterations), HashAlgorithmName.SHA256, ModernIterations);

        // localKeyId ties the key to its certificate (Windows and NSS pair them by it).
        var localKeyId = new Pkcs9LocalKeyId(SHA1.HashData(certificate.GetEncoded()));
        var name = new Pkcs9AttributeObject(new Oid("1.2.840.113549.1.9.20"), new DerBmpString(friendlyName).GetEncoded());

        var certificates = new Pkcs12SafeContents();
        foreach (var (c, index) in new[] { certificate }.Concat(chain).Select((c, i) => (c, i)))
        {
            using var loaded = X509CertificateLoader.LoadCertificate(c.GetEncoded());
            var bag = certificates.AddCertificate(loaded);
            if (index == 0)
            {
                bag.Attributes.Add(name);
                bag.Attributes.Add(localKeyId);
            }
        }

        var keys = new Pkcs12SafeContents();
        var pkcs8 = PrivateKeyInfoV1(key);
        try
        {
            var info = Pkcs8PrivateKeyInfo.Decode(pkcs8, out _, skipCopy: true);
            var shrouded = new Pkcs12ShroudedKeyBag(info.Encrypt(password, pbe));
            shrouded.Attributes.Add(name);
            shrouded.Attributes.Add(localKeyId);
            keys.AddSafeBag(shrouded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        var builder = new Pkcs12Builder();
        builder.AddSafeContentsEncrypted(certificates, password, pbe);
        builder.AddSafeContentsUnencrypted(keys);
        builder.SealWithMac(password, macHash, macIterations);
        return builder.Encode();
    }

    /// <summary>
    /// PKCS#8 v1 PrivateKeyInfo. For Ed25519: algorithm id-Ed25519 without parameters and the private key
    /// as CurvePrivateKey (an OCTET STRING of the 32-byte seed), nothing else (RFC 8410 7).
    /// </summary>
    private static byte[] PrivateKeyInfoV1(SigningKey key)
    {
        if (key.PrivateKey is not Ed25519PrivateKeyParameters ed25519)
        {
            return key.ExportPkcs8();
        }

        var seed = ed25519.GetEncoded();
        try
        {
            return new DerSequence(
                DerInteger.Zero,
                new DerSequence(Org.BouncyCastle.Asn1.EdEC.EdECObjectIdentifiers.id_Ed25519),
                new DerOctetString(new DerOctetString(seed).GetEncoded())).GetEncoded();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
