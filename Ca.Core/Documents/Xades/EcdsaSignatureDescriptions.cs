using System.Security.Cryptography;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// SignedXml knows RSA and DSA but not ECDSA (RFC 4050/6931 URIs); these descriptions teach it, with the
/// plain r||s signature encoding XMLDSig uses. Registered once, for the ECDSA URIs only.
/// </summary>
public static class EcdsaSignatureDescriptions
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        CryptoConfig.AddAlgorithm(typeof(Sha256), XmlDsigNames.EcdsaSha256);
        CryptoConfig.AddAlgorithm(typeof(Sha384), XmlDsigNames.EcdsaSha384);
        CryptoConfig.AddAlgorithm(typeof(Sha512), XmlDsigNames.EcdsaSha512);
        return true;
    });

    internal static void EnsureRegistered() => _ = Registered.Value;

    /// <summary>ECDSA over a hash, verifying r||s.</summary>
    public abstract class Base : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        /// <summary>Creates the description.</summary>
        protected Base(HashAlgorithmName hash, string digest)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
            DigestAlgorithm = digest;
        }

        /// <inheritdoc />
        public override HashAlgorithm CreateDigest() => hash.Name switch
        {
            "SHA384" => SHA384.Create(),
            "SHA512" => SHA512.Create(),
            _ => SHA256.Create(),
        };

        /// <inheritdoc />
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter((ECDsa)key);

        /// <inheritdoc />
        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => throw new NotSupportedException("Signing goes through the document key seam.");
    }

    /// <summary>ecdsa-sha256.</summary>
    public sealed class Sha256 : Base
    {
        /// <summary>Creates the description.</summary>
        public Sha256()
            : base(HashAlgorithmName.SHA256, typeof(System.Security.Cryptography.SHA256).AssemblyQualifiedName!)
        {
        }
    }

    /// <summary>ecdsa-sha384.</summary>
    public sealed class Sha384 : Base
    {
        /// <summary>Creates the description.</summary>
        public Sha384()
            : base(HashAlgorithmName.SHA384, typeof(System.Security.Cryptography.SHA384).AssemblyQualifiedName!)
        {
        }
    }

    /// <summary>ecdsa-sha512.</summary>
    public sealed class Sha512 : Base
    {
        /// <summary>Creates the description.</summary>
        public Sha512()
            : base(HashAlgorithmName.SHA512, typeof(System.Security.Cryptography.SHA512).AssemblyQualifiedName!)
        {
        }
    }

    private sealed class Deformatter : AsymmetricSignatureDeformatter
    {
        private ECDsa key;

        public Deformatter(ECDsa key) => this.key = key;

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override void SetKey(AsymmetricAlgorithm key) => this.key = (ECDsa)key;

        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature);
    }
}
