using Org.BouncyCastle.Asn1.Nist;

namespace Ca.Core.Timestamping;

/// <summary>
/// The message-imprint hashes the TSA accepts. SHA-1 and MD5 are refused (badAlg): a token over a
/// collision-prone imprint proves nothing about which document existed.
/// </summary>
public static class TimeStampAlgorithms
{
    /// <summary>SHA-256, SHA-384 and SHA-512 as dotted OIDs, the form BouncyCastle's validator expects.</summary>
    public static IReadOnlyList<string> AcceptedImprintHashes { get; } =
    [
        NistObjectIdentifiers.IdSha256.Id,
        NistObjectIdentifiers.IdSha384.Id,
        NistObjectIdentifiers.IdSha512.Id,
    ];
}
