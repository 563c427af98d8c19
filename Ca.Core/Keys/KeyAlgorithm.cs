namespace Ca.Core.Keys;

/// <summary>
/// The key types this CA creates and accepts. Kept deliberately short: every entry is one a relying
/// party's stock TLS/S-MIME stack can verify, so nothing we issue is unusable in the field.
/// </summary>
public enum KeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 (secp256r1), signed with SHA-256.</summary>
    EcdsaP256,
    /// <summary>ECDSA on NIST P-384 (secp384r1), signed with SHA-384.</summary>
    EcdsaP384,
    /// <summary>RSA with a 2048-bit modulus, signed with SHA-256 (PKCS#1 v1.5).</summary>
    Rsa2048,
    /// <summary>RSA with a 3072-bit modulus.</summary>
    Rsa3072,
    /// <summary>RSA with a 4096-bit modulus.</summary>
    Rsa4096,
    /// <summary>EdDSA on edwards25519 (RFC 8410).</summary>
    Ed25519,
}
