using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// A private key on a PKCS#11 token. The data is hashed here as it is written (the same calculator
/// as software keys); only the digest goes to the token, which signs with CKM_ECDSA, CKM_RSA_PKCS over
/// a DigestInfo, or CKM_RSA_PKCS_PSS. The key is found by its CKA_ID on each connection, so a
/// reconnect after a token outage needs nothing from the caller.
/// </summary>
internal sealed class Pkcs11SigningKey : ISigningKey
{
    private readonly Pkcs11KeyProvider provider;

    public Pkcs11SigningKey(Pkcs11KeyProvider provider, TokenKeyUri uri, KeyAlgorithm algorithm, SubjectPublicKeyInfo publicKeyInfo, bool pss)
    {
        this.provider = provider;
        Uri = uri;
        Algorithm = algorithm;
        PublicKeyInfo = publicKeyInfo;
        UsesPss = pss;
        SignatureAlgorithm = pss ? Pkcs11Signatures.RsaPssSha256 : SignatureAlgorithmIdentifiers.For(algorithm);
        Reference = new KeyReference(KeyReference.Pkcs11Provider, uri.Label, uri.ToString());
        SignatureFactory = NativeSignatureFactory.OverDigest(SignatureAlgorithm, Pkcs11Signatures.HashFor(algorithm), digest => provider.SignDigest(this, digest));
    }

    /// <summary>Token, label and CKA_ID.</summary>
    public TokenKeyUri Uri { get; }

    /// <summary>True when RSA signatures are RSASSA-PSS.</summary>
    public bool UsesPss { get; }

    /// <inheritdoc />
    public KeyAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public SubjectPublicKeyInfo PublicKeyInfo { get; }

    /// <inheritdoc />
    public AlgorithmIdentifier SignatureAlgorithm { get; }

    /// <inheritdoc />
    public ISignatureFactory SignatureFactory { get; }

    /// <inheritdoc />
    public KeyReference Reference { get; }

    /// <summary>The CKA_ID as hex, the handle cache key.</summary>
    public string IdHex => Convert.ToHexString(Uri.Id);

    public override string ToString() => Reference.ToString();
}
