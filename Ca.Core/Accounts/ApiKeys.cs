using System.Security.Cryptography;
using System.Text;

namespace Ca.Core.Accounts;

/// <summary>
/// API key secrets: 256 random bits, shown once, stored as SHA-256. A fast hash is right here (unlike
/// for passwords): the secret has full entropy, so there is nothing for an attacker to guess.
/// </summary>
public static class ApiKeys
{
    /// <summary>Prefix that makes keys recognisable to secret scanners.</summary>
    public const string Prefix = "pki_";

    /// <summary>A new secret.</summary>
    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a secret.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
