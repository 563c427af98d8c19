using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Ca.Core.Issuance.Linting;

/// <summary>
/// Puts the pre-issuance lint between BouncyCastle's certificate generator and the CA key: the
/// generator writes the TBSCertificate into this factory's stream as it would into the signer's; the
/// lint reads it, and only a clean TBS is handed to the real signer. So the check sees exactly the
/// bytes that would be signed, and a failing certificate never reaches the key.
/// </summary>
public sealed class LintingSignatureFactory : ISignatureFactory
{
    private readonly ISignatureFactory signer;
    private readonly LintProfile profile;
    private readonly X509Certificate? issuer;

    /// <summary>Wraps <paramref name="signer"/>; <paramref name="issuer"/> is null for a self-signed root.</summary>
    public LintingSignatureFactory(ISignatureFactory signer, LintProfile profile, X509Certificate? issuer)
    {
        this.signer = signer;
        this.profile = profile;
        this.issuer = issuer;
    }

    /// <inheritdoc />
    public object AlgorithmDetails => signer.AlgorithmDetails;

    /// <inheritdoc />
    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(this);

    private sealed class Calculator(LintingSignatureFactory owner) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream buffer = new();

        public Stream Stream => buffer;

        public IBlockResult GetResult()
        {
            var tbs = buffer.ToArray();
            CertificateLinter.EnsureClean(tbs, owner.profile, owner.issuer, (AlgorithmIdentifier)owner.signer.AlgorithmDetails);
            var inner = owner.signer.CreateCalculator();
            inner.Stream.Write(tbs, 0, tbs.Length);
            inner.Stream.Dispose();
            return inner.GetResult();
        }
    }
}
