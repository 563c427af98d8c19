using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Oiw;

namespace Ca.Core.Ocsp;

/// <summary>The CertID hash algorithms we accept (RFC 6960 4.1.1, RFC 5019 uses SHA-1), mapped to .NET hashes.</summary>
internal static class OcspHashAlgorithms
{
    /// <summary>Every supported OID with its hash.</summary>
    public static IReadOnlyList<(DerObjectIdentifier Oid, HashAlgorithmName Hash)> All { get; } =
    [
        (OiwObjectIdentifiers.IdSha1, HashAlgorithmName.SHA1),
        (NistObjectIdentifiers.IdSha256, HashAlgorithmName.SHA256),
        (NistObjectIdentifiers.IdSha384, HashAlgorithmName.SHA384),
        (NistObjectIdentifiers.IdSha512, HashAlgorithmName.SHA512),
    ];

    /// <summary>Hashes with the algorithm.</summary>
    public static byte[] Hash(HashAlgorithmName hash, byte[] data) => hash.Name switch
    {
        "SHA1" => SHA1.HashData(data),
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        _ => SHA512.HashData(data),
    };
}
