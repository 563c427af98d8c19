using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Keys;

/// <summary>
/// Signs BouncyCastle-built structures (TBS certificates, CRLs, OCSP responses, CMS attributes) with
/// .NET's OpenSSL-backed <see cref="ECDsa"/>/<see cref="RSA"/>. BouncyCastle keeps the ASN.1; the
/// signature itself runs at native speed, which is what bounds issuance and OCSP throughput.
/// </summary>
internal sealed class NativeSignatureFactory : ISignatureFactory
{
    private readonly Func<byte[], byte[]> sign;

    private NativeSignatureFactory(AlgorithmIdentifier algorithm, Func<byte[], byte[]> sign)
    {
        AlgorithmDetails = algorithm;
        this.sign = sign;
    }

    public object AlgorithmDetails { get; }

    public static NativeSignatureFactory ForEcdsa(ECDsa key, KeyAlgorithm algorithm)
    {
        var (oid, hash) = algorithm switch
        {
            KeyAlgorithm.EcdsaP256 => (X9ObjectIdentifiers.ECDsaWithSha256, HashAlgorithmName.SHA256),
            KeyAlgorithm.EcdsaP384 => (X9ObjectIdentifiers.ECDsaWithSha384, HashAlgorithmName.SHA384),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an ECDSA algorithm."),
        };

        // RFC 5758 3.2: ECDSA AlgorithmIdentifiers carry no parameters.
        return new NativeSignatureFactory(
            new AlgorithmIdentifier(oid),
            data => key.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence));
    }

    public static NativeSignatureFactory ForRsa(RSA key)
    {
        // RFC 4055 5: sha256WithRSAEncryption carries an explicit NULL parameter.
        return new NativeSignatureFactory(
            new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance),
            data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(sign);

    private sealed class Calculator(Func<byte[], byte[]> sign) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream buffer = new();

        public Stream Stream => buffer;

        public IBlockResult GetResult() => new SimpleBlockResult(sign(buffer.ToArray()));
    }
}
