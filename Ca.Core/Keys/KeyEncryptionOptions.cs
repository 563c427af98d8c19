namespace Ca.Core.Keys;

/// <summary>
/// Where the key-encryption key (KEK) that wraps every stored private key comes from.
/// Bound from <c>Pki:KeyEncryptionKey</c> (base64 of 32 bytes).
/// </summary>
public sealed class KeyEncryptionOptions
{
    /// <summary>Base64 of a 256-bit AES key. Production must set it (environment or secret store).</summary>
    public string? KeyEncryptionKey { get; set; }
}
