using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Keys;

/// <summary>
/// The signer port: everything that signs (certificates, CRLs, OCSP responses, time-stamp tokens,
/// CMS signatures, audit checkpoints) asks a key for these and nothing else, so the private key can
/// be a KEK-wrapped software key (<see cref="SigningKey"/>), a key on a PKCS#11 token, or absent
/// (an offline root) without any builder noticing. Builders never see private key bytes.
/// </summary>
public interface ISigningKey
{
    /// <summary>The key's algorithm, which fixes the signature algorithm it produces.</summary>
    KeyAlgorithm Algorithm { get; }

    /// <summary>The encoded public key as it appears in a certificate.</summary>
    SubjectPublicKeyInfo PublicKeyInfo { get; }

    /// <summary>The signature algorithm written next to every signature this key makes.</summary>
    AlgorithmIdentifier SignatureAlgorithm { get; }

    /// <summary>
    /// Signs what is written to its calculators (data is hashed as it is written); safe to share
    /// across threads. This is what BouncyCastle's builders take.
    /// </summary>
    ISignatureFactory SignatureFactory { get; }

    /// <summary>Where the private key lives (software under the KEK, a token object), for logs, audit and health.</summary>
    KeyReference Reference { get; }
}
