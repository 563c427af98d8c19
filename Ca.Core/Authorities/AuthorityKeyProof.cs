using System.Security.Cryptography;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Authorities;

/// <summary>
/// Proves a CA's key still signs: a fresh random payload signed with the decrypted key verifies under the
/// public key in the CA's certificate. Decrypting alone is not enough after a restore: a key that decrypts
/// but belongs to another certificate would sign certificates nobody can validate.
/// </summary>
public static class AuthorityKeyProof
{
    /// <summary>True when the CA's private key and certificate belong together.</summary>
    public static bool Signs(CertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var payload = RandomNumberGenerator.GetBytes(32);
        var signer = authority.Key.SignatureFactory.CreateCalculator();
        signer.Stream.Write(payload);
        var signature = signer.GetResult().Collect();
        var verifier = new NativeVerifierFactoryProvider(authority.Certificate.CertificateStructure.SubjectPublicKeyInfo)
            .CreateVerifierFactory(AlgorithmIdentifier.GetInstance(authority.Key.SignatureFactory.AlgorithmDetails)).CreateCalculator();
        verifier.Stream.Write(payload);
        return verifier.GetResult().IsVerified(signature);
    }
}
