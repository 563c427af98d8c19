using System.Security.Cryptography;
using System.Text;

namespace Ca.Core.Keys;

/// <summary>
/// Encrypts private keys at rest with AES-256-GCM under the KEK. The key's owner id is bound in as
/// associated data, so a ciphertext copied onto another CA's row fails to decrypt instead of
/// silently handing that CA someone else's key.
/// </summary>
public sealed class AesGcmKeyProtector : IKeyProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] kek;

    /// <summary>Creates a protector; the KEK must be exactly 32 bytes.</summary>
    public AesGcmKeyProtector(byte[] kek)
    {
        if (kek.Length != 32)
        {
            throw new ArgumentException("The key-encryption key must be 32 bytes (AES-256).", nameof(kek));
        }

        this.kek = (byte[])kek.Clone();
    }

    /// <summary>Creates a protector from the base64 configuration value.</summary>
    public static AesGcmKeyProtector FromBase64(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("Pki:KeyEncryptionKey is not valid base64.", e);
        }

        if (key.Length != 32)
        {
            throw new InvalidOperationException($"Pki:KeyEncryptionKey must decode to 32 bytes, not {key.Length}.");
        }

        return new AesGcmKeyProtector(key);
    }

    /// <inheritdoc />
    public byte[] Protect(ReadOnlySpan<byte> plaintext, string ownerId)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        var tag = output.AsSpan(1 + NonceSize, TagSize);
        var ciphertext = output.AsSpan(1 + NonceSize + TagSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.UTF8.GetBytes(ownerId));
        return output;
    }

    /// <inheritdoc />
    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, string ownerId)
    {
        if (protectedData.Length < 1 + NonceSize + TagSize || protectedData[0] != FormatVersion)
        {
            throw new CryptographicException("The protected key blob is malformed or of an unknown version.");
        }

        var nonce = protectedData.Slice(1, NonceSize);
        var tag = protectedData.Slice(1 + NonceSize, TagSize);
        var ciphertext = protectedData[(1 + NonceSize + TagSize)..];
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.UTF8.GetBytes(ownerId));
        return plaintext;
    }
}
