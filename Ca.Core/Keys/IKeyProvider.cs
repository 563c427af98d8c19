namespace Ca.Core.Keys;

/// <summary>
/// One place keys can be kept: software under the KEK, or a PKCS#11 token. It generates keys where
/// it keeps them and reopens them from their stored form, which is what the database holds in the
/// key column: KEK-wrapped PKCS#8 for software, an RFC 7512 URI (no secret) for a token object.
/// </summary>
public interface IKeyProvider
{
    /// <summary>The provider's configuration name (<see cref="KeyReference.SoftwareProvider"/>, <see cref="KeyReference.Pkcs11Provider"/>).</summary>
    string Name { get; }

    /// <summary>True when <paramref name="storedForm"/> is a key of this provider's kind.</summary>
    bool Recognises(ReadOnlySpan<byte> storedForm);

    /// <summary>True when a stored key of this provider's kind is one this service holds (not another token's).</summary>
    bool Holds(byte[] storedForm);

    /// <summary>Generates a key for <paramref name="ownerId"/> (a CA id, a service key id) where this provider keeps keys.</summary>
    ProvidedKey Generate(string ownerId, KeyAlgorithm algorithm);

    /// <summary>
    /// Reopens a stored key; null when the key is deliberately not reachable here (an offline root's
    /// token is not the one this service has). Throws <see cref="KeyUnavailableException"/> when it
    /// should be reachable but is not, and <see cref="System.Security.Cryptography.CryptographicException"/>
    /// when a software key does not decrypt.
    /// </summary>
    ISigningKey? Open(string ownerId, byte[] storedForm);

    /// <summary>Where a stored key lives, without opening it.</summary>
    KeyReference Describe(string ownerId, byte[] storedForm);
}

/// <summary>A freshly generated key and the form to store (never the private key in clear).</summary>
/// <param name="Key">The key, ready to sign.</param>
/// <param name="StoredForm">What the database keeps: a KEK-wrapped blob or a token URI.</param>
public sealed record ProvidedKey(ISigningKey Key, byte[] StoredForm) : IDisposable
{
    /// <summary>Releases a software key's native handle.</summary>
    public void Dispose() => (Key as IDisposable)?.Dispose();
}
