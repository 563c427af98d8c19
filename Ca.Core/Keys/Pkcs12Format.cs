namespace Ca.Core.Keys;

/// <summary>How a PKCS#12 from server-side key generation is protected.</summary>
public enum Pkcs12Format
{
    /// <summary>
    /// PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256 for key and certificates, HMAC-SHA256 MAC, both at
    /// <see cref="Pkcs12Exporter.ModernIterations"/> iterations: what OpenSSL 3, GnuTLS, NSS, current
    /// Windows (10 1709+, Server 2019+), macOS and Java 11+ open.
    /// </summary>
    Modern,

    /// <summary>
    /// pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates and an HMAC-SHA1 MAC at 2,048
    /// iterations: only for Windows 7/8.1 and Server 2012/2016, which cannot open AES-protected
    /// PKCS#12. Opt-in, because 3DES and SHA-1 are weak protection for a private key at rest.
    /// </summary>
    Legacy,
}
