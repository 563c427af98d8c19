using System.Security.Cryptography;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>Certificate fingerprints as people compare them with <c>openssl x509 -fingerprint -sha256</c>.</summary>
public static class Fingerprints
{
    /// <summary>SHA-256 of the DER, upper-case hex octets separated by colons.</summary>
    public static string Sha256(byte[] der) => string.Join(':', Convert.ToHexString(SHA256.HashData(der)).Chunk(2).Select(pair => new string(pair)));
}
