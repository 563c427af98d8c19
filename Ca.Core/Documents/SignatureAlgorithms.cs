using Ca.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// Verifies a SignerInfo's signature value. CMS lets signers write the bare key algorithm
/// (rsaEncryption, as OpenSSL does for RSA) with the hash in digestAlgorithm; this combines the two
/// into the signature algorithm the verifier needs.
/// </summary>
internal static class SignatureAlgorithms
{
    public static IStreamCalculator<IVerifier> CreateVerifier(X509Certificate certificate, AlgorithmIdentifier signatureAlgorithm, AlgorithmIdentifier digestAlgorithm)
    {
        var provider = new NativeVerifierFactoryProvider(certificate.CertificateStructure.SubjectPublicKeyInfo);
        return provider.CreateVerifierFactory(Normalize(signatureAlgorithm, digestAlgorithm.Algorithm)).CreateCalculator();
    }

    private static AlgorithmIdentifier Normalize(AlgorithmIdentifier signatureAlgorithm, DerObjectIdentifier digest)
    {
        var oid = signatureAlgorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            var combined = digest.Equals(NistObjectIdentifiers.IdSha256) ? PkcsObjectIdentifiers.Sha256WithRsaEncryption
                : digest.Equals(NistObjectIdentifiers.IdSha384) ? PkcsObjectIdentifiers.Sha384WithRsaEncryption
                : digest.Equals(NistObjectIdentifiers.IdSha512) ? PkcsObjectIdentifiers.Sha512WithRsaEncryption
                : PkcsObjectIdentifiers.Sha1WithRsaEncryption;
            return new AlgorithmIdentifier(combined, DerNull.Instance);
        }

        if (oid.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            var combined = digest.Equals(NistObjectIdentifiers.IdSha256) ? X9ObjectIdentifiers.ECDsaWithSha256
                : digest.Equals(NistObjectIdentifiers.IdSha384) ? X9ObjectIdentifiers.ECDsaWithSha384
                : digest.Equals(NistObjectIdentifiers.IdSha512) ? X9ObjectIdentifiers.ECDsaWithSha512
                : X9ObjectIdentifiers.ECDsaWithSha1;
            return new AlgorithmIdentifier(combined);
        }

        return signatureAlgorithm;
    }
}
