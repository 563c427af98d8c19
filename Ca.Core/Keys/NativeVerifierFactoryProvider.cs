using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;

namespace Ca.Core.Keys;

/// <summary>
/// Verifies signatures (CSR proof of possession, signed documents) with the platform's OpenSSL for
/// ECDSA and RSA PKCS#1 v1.5, and falls back to BouncyCastle for everything else (Ed25519, RSA-PSS).
/// Verification is on the hot path of every issuance.
/// </summary>
public sealed class NativeVerifierFactoryProvider : IVerifierFactoryProvider
{
    private readonly SubjectPublicKeyInfo publicKey;

    /// <summary>Creates a provider for one public key.</summary>
    public NativeVerifierFactoryProvider(SubjectPublicKeyInfo publicKey) => this.publicKey = publicKey;

    /// <inheritdoc />
    public IVerifierFactory CreateVerifierFactory(object algorithmDetails)
    {
        var algorithm = (AlgorithmIdentifier)algorithmDetails;
        var oid = algorithm.Algorithm;
        var der = publicKey.GetEncoded();

        if (EcdsaHash(oid) is { } ecHash && publicKey.Algorithm.Algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            var curveBits = publicKey.Algorithm.Parameters switch
            {
                Org.BouncyCastle.Asn1.DerObjectIdentifier curve when curve.Equals(SecObjectIdentifiers.SecP256r1) => 256,
                Org.BouncyCastle.Asn1.DerObjectIdentifier curve when curve.Equals(SecObjectIdentifiers.SecP384r1) => 384,
                _ => 0,
            };
            var point = publicKey.PublicKey.GetOctets();
            return new NativeVerifierFactory(algorithm, (data, signature) =>
            {
                if (OpenSslEcdsaVerifier.TryVerify(curveBits, point, data, signature, ecHash) is { } verified)
                {
                    return verified;
                }

                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(der, out _);
                return ec.VerifyData(data, signature, ecHash, DSASignatureFormat.Rfc3279DerSequence);
            });
        }

        if (RsaHash(oid) is { } rsaHash && publicKey.Algorithm.Algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            return new NativeVerifierFactory(algorithm, (data, signature) =>
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(der, out _);
                return rsa.VerifyData(data, signature, rsaHash, RSASignaturePadding.Pkcs1);
            });
        }

        return new Asn1VerifierFactoryProvider(PublicKeyFactory.CreateKey(publicKey)).CreateVerifierFactory(algorithmDetails);
    }

    private static HashAlgorithmName? EcdsaHash(Org.BouncyCastle.Asn1.DerObjectIdentifier oid) =>
        oid.Equals(X9ObjectIdentifiers.ECDsaWithSha256) ? HashAlgorithmName.SHA256
        : oid.Equals(X9ObjectIdentifiers.ECDsaWithSha384) ? HashAlgorithmName.SHA384
        : oid.Equals(X9ObjectIdentifiers.ECDsaWithSha512) ? HashAlgorithmName.SHA512
        : null;

    private static HashAlgorithmName? RsaHash(Org.BouncyCastle.Asn1.DerObjectIdentifier oid) =>
        oid.Equals(PkcsObjectIdentifiers.Sha256WithRsaEncryption) ? HashAlgorithmName.SHA256
        : oid.Equals(PkcsObjectIdentifiers.Sha384WithRsaEncryption) ? HashAlgorithmName.SHA384
        : oid.Equals(PkcsObjectIdentifiers.Sha512WithRsaEncryption) ? HashAlgorithmName.SHA512
        : null;

    private sealed class NativeVerifierFactory(AlgorithmIdentifier algorithm, Func<byte[], byte[], bool> verify) : IVerifierFactory
    {
        public object AlgorithmDetails => algorithm;

        public IStreamCalculator<IVerifier> CreateCalculator() => new Calculator(verify);
    }

    private sealed class Calculator(Func<byte[], byte[], bool> verify) : IStreamCalculator<IVerifier>
    {
        private readonly MemoryStream buffer = new();

        public Stream Stream => buffer;

        public IVerifier GetResult() => new Verifier(buffer.ToArray(), verify);
    }

    private sealed class Verifier(byte[] data, Func<byte[], byte[], bool> verify) : IVerifier
    {
        public bool IsVerified(byte[] data1) => Safe(data1);

        public bool IsVerified(byte[] source, int off, int length) => Safe(source.AsSpan(off, length).ToArray());

        private bool Safe(byte[] signature)
        {
            try
            {
                return verify(data, signature);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}
