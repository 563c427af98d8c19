using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Keys;

/// <summary>
/// Signs BouncyCastle-built structures (TBS certificates, CRLs, OCSP responses, CMS attributes) with
/// .NET's OpenSSL-backed <see cref="ECDsa"/>/<see cref="RSA"/>. BouncyCastle keeps the ASN.1; the
/// signature itself runs at native speed, which is what bounds issuance and OCSP throughput. Data is
/// hashed as it is written, so signing a 40 MB CRL never buffers a copy of it. A key held elsewhere
/// (a PKCS#11 token) uses the same calculator through <see cref="OverDigest"/>: only the digest
/// travels to the token.
/// </summary>
internal sealed class NativeSignatureFactory : ISignatureFactory
{
    private readonly HashAlgorithmName hash;
    private readonly Func<byte[], byte[]> signHash;

    private NativeSignatureFactory(AlgorithmIdentifier algorithm, HashAlgorithmName hash, Func<byte[], byte[]> signHash)
    {
        AlgorithmDetails = algorithm;
        this.hash = hash;
        this.signHash = signHash;
    }

    public object AlgorithmDetails { get; }

    public static NativeSignatureFactory ForEcdsa(ECDsa key, KeyAlgorithm algorithm) =>
        new(
            SignatureAlgorithmIdentifiers.For(algorithm),
            algorithm switch
            {
                KeyAlgorithm.EcdsaP256 => HashAlgorithmName.SHA256,
                KeyAlgorithm.EcdsaP384 => HashAlgorithmName.SHA384,
                _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an ECDSA algorithm."),
            },
            digest => key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence));

    public static NativeSignatureFactory ForRsa(RSA key) =>
        new(
            SignatureAlgorithmIdentifiers.For(KeyAlgorithm.Rsa2048),
            HashAlgorithmName.SHA256,
            digest => key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>
    /// Hashes locally with <paramref name="hash"/> and hands the digest to <paramref name="signDigest"/>,
    /// which returns the signature value exactly as it goes into the structure (DER for ECDSA).
    /// </summary>
    public static NativeSignatureFactory OverDigest(AlgorithmIdentifier algorithm, HashAlgorithmName hash, Func<byte[], byte[]> signDigest) =>
        new(algorithm, hash, signDigest);

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(IncrementalHash.CreateHash(hash), signHash);

    private sealed class Calculator(IncrementalHash digest, Func<byte[], byte[]> signHash) : IStreamCalculator<IBlockResult>
    {
        private readonly HashingStream stream = new(digest);

        public Stream Stream => stream;

        public IBlockResult GetResult()
        {
            using (digest)
            {
                stream.Flush();
                return new SimpleBlockResult(signHash(digest.GetHashAndReset()));
            }
        }
    }

    /// <summary>
    /// A write-only stream that feeds everything written to it into a hash. BouncyCastle's DER encoder
    /// writes tags and lengths a byte at a time; each hash update is a call into OpenSSL, so small writes
    /// are gathered first (a whole TBS certificate fits in the buffer).
    /// </summary>
    private sealed class HashingStream(IncrementalHash digest) : Stream
    {
        private readonly byte[] pending = new byte[1024];
        private int count;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > pending.Length - count)
            {
                Flush();
                if (buffer.Length >= pending.Length)
                {
                    digest.AppendData(buffer);
                    return;
                }
            }

            buffer.CopyTo(pending.AsSpan(count));
            count += buffer.Length;
        }

        public override void WriteByte(byte value)
        {
            if (count == pending.Length)
            {
                Flush();
            }

            pending[count++] = value;
        }

        public override void Flush()
        {
            if (count > 0)
            {
                digest.AppendData(pending, 0, count);
                count = 0;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
