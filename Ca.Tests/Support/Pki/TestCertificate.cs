using Ca.Core.Common;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support.Pki;

/// <summary>
/// A certificate made by <see cref="TestCertificateBuilder"/> with its key pair. The DER is kept as built, so a
/// certificate BouncyCastle would refuse to decode (duplicate extensions, say) can still be written to a file and
/// handed to openssl; <see cref="Certificate"/> decodes it on first use.
/// </summary>
public sealed class TestCertificate
{
    private readonly Lazy<X509Certificate> certificate;

    public TestCertificate(byte[] der, AsymmetricCipherKeyPair key, X509Name subject)
    {
        Der = der;
        Key = key;
        Subject = subject;
        certificate = new Lazy<X509Certificate>(() => new X509CertificateParser().ReadCertificate(der));
    }

    /// <summary>The certificate as encoded.</summary>
    public byte[] Der { get; }

    /// <summary>The certificate's key pair (its private key signs what it issues).</summary>
    public AsymmetricCipherKeyPair Key { get; }

    /// <summary>The subject name (the issuer name of what it issues).</summary>
    public X509Name Subject { get; }

    /// <summary>The decoded certificate.</summary>
    public X509Certificate Certificate => certificate.Value;

    public AsymmetricKeyParameter PrivateKey => Key.Private;

    public AsymmetricKeyParameter PublicKey => Key.Public;

    /// <summary>The certificate as PEM.</summary>
    public string Pem => Ca.Core.Common.Pem.Encode("CERTIFICATE", Der);

    public static implicit operator X509Certificate(TestCertificate test) => test.Certificate;
}
