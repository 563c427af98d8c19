using Ca.Core.Common;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Keys;

/// <summary>
/// A CA whose private key is deliberately not here: the root after a key ceremony, its key on a token
/// kept offline. Everything public (algorithm, public key, signature algorithm) is known from its
/// certificate, so its signatures still verify; anything that would sign fails with a 409
/// <c>ca-key-offline</c> naming where the key is, which only a ceremony can use.
/// </summary>
public sealed class OfflineSigningKey : ISigningKey
{
    /// <summary>Creates the stand-in from the CA's certificate key and the stored reference.</summary>
    public OfflineSigningKey(string ownerId, KeyAlgorithm algorithm, SubjectPublicKeyInfo publicKeyInfo, KeyReference reference)
    {
        Algorithm = algorithm;
        PublicKeyInfo = publicKeyInfo;
        Reference = reference;
        SignatureAlgorithm = SignatureAlgorithmIdentifiers.For(algorithm);
        SignatureFactory = new RefusingFactory(SignatureAlgorithm, ownerId, reference);
    }

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

    private sealed class RefusingFactory(AlgorithmIdentifier algorithm, string ownerId, KeyReference reference) : ISignatureFactory
    {
        public object AlgorithmDetails => algorithm;

        public IStreamCalculator<IBlockResult> CreateCalculator() =>
            throw CaException.Conflict("ca-key-offline", $"The key of '{ownerId}' is offline ({reference}); it signs only in a key ceremony.");
    }
}
