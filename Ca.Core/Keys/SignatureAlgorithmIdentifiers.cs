using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Ca.Core.Keys;

/// <summary>
/// The one signature algorithm each key algorithm signs with, whoever holds the key: SHA-256 for
/// P-256 and RSA, SHA-384 for P-384 (RFC 5758, RFC 4055, RFC 8410).
/// </summary>
public static class SignatureAlgorithmIdentifiers
{
    private static readonly AlgorithmIdentifier EcdsaSha256 = new(X9ObjectIdentifiers.ECDsaWithSha256);
    private static readonly AlgorithmIdentifier EcdsaSha384 = new(X9ObjectIdentifiers.ECDsaWithSha384);
    private static readonly AlgorithmIdentifier RsaSha256 = new(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance);
    private static readonly AlgorithmIdentifier Ed25519 = new(EdECObjectIdentifiers.id_Ed25519);

    /// <summary>The AlgorithmIdentifier of signatures by a key of <paramref name="algorithm"/>.</summary>
    public static AlgorithmIdentifier For(KeyAlgorithm algorithm) => algorithm switch
    {
        // RFC 5758 3.2: ECDSA AlgorithmIdentifiers carry no parameters.
        KeyAlgorithm.EcdsaP256 => EcdsaSha256,
        KeyAlgorithm.EcdsaP384 => EcdsaSha384,
        // RFC 4055 5: sha256WithRSAEncryption carries an explicit NULL parameter.
        KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096 => RsaSha256,
        KeyAlgorithm.Ed25519 => Ed25519,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unsupported key algorithm."),
    };
}
