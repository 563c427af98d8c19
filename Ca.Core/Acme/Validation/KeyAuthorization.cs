using System.Security.Cryptography;
using System.Text;
using Ca.Core.Acme.Jws;

namespace Ca.Core.Acme.Validation;

/// <summary>RFC 8555 8.1: token '.' thumbprint, and the digests dns-01 and tls-alpn-01 publish.</summary>
public static class KeyAuthorization
{
    /// <summary>The key authorization of a token for an account key.</summary>
    public static string For(string token, string accountThumbprint) => token + "." + accountThumbprint;

    /// <summary>SHA-256 of the key authorization (tls-alpn-01's acmeIdentifier value).</summary>
    public static byte[] Digest(string keyAuthorization) => SHA256.HashData(Encoding.ASCII.GetBytes(keyAuthorization));

    /// <summary>The dns-01 TXT value: base64url of the digest.</summary>
    public static string DnsTxtValue(string keyAuthorization) => Base64Url.Encode(Digest(keyAuthorization));
}
