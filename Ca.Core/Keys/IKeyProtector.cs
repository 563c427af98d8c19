namespace Ca.Core.Keys;

/// <summary>
/// Wraps private keys before they touch storage. The storage layer only ever sees ciphertext; an HSM
/// or cloud KMS can implement this port without the rest of Core noticing.
/// </summary>
public interface IKeyProtector
{
    /// <summary>Encrypts a key encoding for the given owner (a CA id, a signer id).</summary>
    byte[] Protect(ReadOnlySpan<byte> plaintext, string ownerId);

    /// <summary>Decrypts; throws <see cref="System.Security.Cryptography.CryptographicException"/> on tampering or wrong owner.</summary>
    byte[] Unprotect(ReadOnlySpan<byte> protectedData, string ownerId);
}
