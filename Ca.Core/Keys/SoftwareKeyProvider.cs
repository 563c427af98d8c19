namespace Ca.Core.Keys;

/// <summary>
/// Keys generated in the process and stored as PKCS#8 wrapped by <see cref="IKeyProtector"/>
/// (AES-256-GCM under the KEK, the owner id bound in). The default provider, and the one every
/// key stored before PKCS#11 existed opens through.
/// </summary>
public sealed class SoftwareKeyProvider : IKeyProvider
{
    private readonly IKeyProtector protector;

    /// <summary>Creates the provider over the KEK.</summary>
    public SoftwareKeyProvider(IKeyProtector protector) => this.protector = protector;

    /// <inheritdoc />
    public string Name => KeyReference.SoftwareProvider;

    /// <inheritdoc />
    public bool Recognises(ReadOnlySpan<byte> storedForm) => !storedForm.StartsWith(Pkcs11.TokenKeyUri.SchemeBytes);

    /// <inheritdoc />
    public bool Holds(byte[] storedForm) => Recognises(storedForm);

    /// <inheritdoc />
    public ProvidedKey Generate(string ownerId, KeyAlgorithm algorithm)
    {
        var key = SigningKey.Generate(algorithm);
        var pkcs8 = key.ExportPkcs8();
        try
        {
            key.Reference = KeyReference.Software(ownerId);
            return new ProvidedKey(key, protector.Protect(pkcs8, ownerId));
        }
        finally
        {
            Array.Clear(pkcs8);
        }
    }

    /// <inheritdoc />
    public ISigningKey? Open(string ownerId, byte[] storedForm)
    {
        var pkcs8 = protector.Unprotect(storedForm, ownerId);
        try
        {
            var key = SigningKey.FromPkcs8(pkcs8);
            key.Reference = KeyReference.Software(ownerId);
            return key;
        }
        finally
        {
            Array.Clear(pkcs8);
        }
    }

    /// <inheritdoc />
    public KeyReference Describe(string ownerId, byte[] storedForm) => KeyReference.Software(ownerId);
}
