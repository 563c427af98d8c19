using System.Security.Cryptography;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Documents;

/// <summary>The content digests CMS signing and verification use, between OIDs and .NET hashes.</summary>
internal static class CmsDigests
{
    private const int ChunkSize = 81920;

    /// <summary>
    /// SHA-256 for P-256 and RSA, SHA-384 for P-384 (matching the signature hash), SHA-512 for Ed25519
    /// (RFC 8419 3.1 requires it when signed attributes are present).
    /// </summary>
    public static (AlgorithmIdentifier Id, HashAlgorithmName Hash) ForKey(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcdsaP384 => (new AlgorithmIdentifier(NistObjectIdentifiers.IdSha384), HashAlgorithmName.SHA384),
        KeyAlgorithm.Ed25519 => (new AlgorithmIdentifier(NistObjectIdentifiers.IdSha512), HashAlgorithmName.SHA512),
        _ => (new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256), HashAlgorithmName.SHA256),
    };

    /// <summary>The .NET hash for a digest OID, or null when we cannot compute it.</summary>
    public static HashAlgorithmName? FromOid(DerObjectIdentifier oid) =>
        oid.Equals(NistObjectIdentifiers.IdSha256) ? HashAlgorithmName.SHA256
        : oid.Equals(NistObjectIdentifiers.IdSha384) ? HashAlgorithmName.SHA384
        : oid.Equals(NistObjectIdentifiers.IdSha512) ? HashAlgorithmName.SHA512
        : oid.Equals(OiwObjectIdentifiers.IdSha1) ? HashAlgorithmName.SHA1
        : null;

    /// <summary>Hashes a stream in chunks, so a 25 MB document is never held twice.</summary>
    public static async Task<byte[]> HashAsync(Stream content, HashAlgorithmName hash, Stream? alsoWriteTo, CancellationToken cancellationToken)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            incremental.AppendData(buffer, 0, read);
            alsoWriteTo?.Write(buffer, 0, read);
        }

        return incremental.GetHashAndReset();
    }

    /// <summary>Hashes bytes already in memory.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> content, HashAlgorithmName hash)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        incremental.AppendData(content);
        return incremental.GetHashAndReset();
    }
}
