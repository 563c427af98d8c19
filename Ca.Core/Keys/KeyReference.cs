namespace Ca.Core.Keys;

/// <summary>
/// Where a private key lives, in words an auditor can check: a software key wrapped under the KEK
/// (owner id bound into the ciphertext), or an object on a PKCS#11 token (RFC 7512 URI). Never
/// carries key material or a PIN.
/// </summary>
/// <param name="Provider">The provider that holds the key (<c>Software</c> or <c>Pkcs11</c>).</param>
/// <param name="Label">The owner id for a software key, the CKA_LABEL for a token key.</param>
/// <param name="Location">Where exactly: <c>kek</c> for software keys, the token's RFC 7512 URI for token keys.</param>
public sealed record KeyReference(string Provider, string Label, string Location)
{
    /// <summary>The provider name of KEK-wrapped software keys.</summary>
    public const string SoftwareProvider = "Software";

    /// <summary>The provider name of keys on a PKCS#11 token.</summary>
    public const string Pkcs11Provider = "Pkcs11";

    /// <summary>A software key in memory only (a subscriber key generated for a PKCS#12), not stored.</summary>
    public static KeyReference InMemory { get; } = new(SoftwareProvider, string.Empty, "memory");

    /// <summary>A software key stored wrapped under the KEK for <paramref name="ownerId"/>.</summary>
    public static KeyReference Software(string ownerId) => new(SoftwareProvider, ownerId, "kek");

    /// <inheritdoc />
    public override string ToString() => Provider == SoftwareProvider ? $"software:{Label} ({Location})" : Location;
}
