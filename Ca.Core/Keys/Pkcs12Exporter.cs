using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ca.Core.Keys;

/// <summary>
/// Packs a generated subscriber key with its certificate and chain into PKCS#12 protected by
/// PBES2/AES-256-CBC with HMAC-SHA256 PBKDF2 (what OpenSSL 3 and current Windows/macOS expect),
/// not the legacy RC2/3DES that older tools default to.
/// </summary>
public static class Pkcs12Exporter
{
    /// <summary>Exports the key, its certificate and the issuing chain (leaf first, root last).</summary>
    public static byte[] Export(SigningKey key, X509Certificate certificate, IReadOnlyList<X509Certificate> chain, string password, string friendlyName)
    {
        var store = new Pkcs12StoreBuilder()
            .SetKeyAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetCertAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetUseDerEncoding(true)
            .Build();
        var entries = new[] { certificate }.Concat(chain).Select(c => new X509CertificateEntry(c)).ToArray();
        store.SetKeyEntry(friendlyName, new AsymmetricKeyEntry(key.PrivateKey), entries);
        using var output = new MemoryStream();
        store.Save(output, password.ToCharArray(), new SecureRandom());
        return output.ToArray();
    }
}
