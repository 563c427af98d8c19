using System.Security.Cryptography;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// A certificate as path building sees it, with what the search asks of it decoded once: thumbprint, key
/// identifiers, public key and loop identity. Fields a hostile certificate cannot decode are simply absent, so the
/// search never throws on them; RFC 5280 validation reports such a certificate as malformed if it is ever chosen.
/// </summary>
internal sealed class PathNode
{
    private readonly Lazy<AsymmetricKeyParameter?> publicKey;

    private PathNode(X509Certificate certificate, CertificateKey key, string loopIdentity)
    {
        Certificate = certificate;
        Key = key;
        LoopIdentity = loopIdentity;
        SubjectKeyIdentifier = Try(() => CertificateFacts.GetSubjectKeyIdentifier(certificate));
        AuthorityKeyIdentifier = Try(() => CertificateFacts.GetAuthorityKeyIdentifier(certificate));
        publicKey = new Lazy<AsymmetricKeyParameter?>(() => Try(certificate.GetPublicKey), LazyThreadSafetyMode.None);
    }

    public X509Certificate Certificate { get; }

    /// <summary>Value identity (SHA-256 of the DER): the same certificate sent twice is one node.</summary>
    public CertificateKey Key { get; }

    /// <summary>
    /// Subject, public key and subjectAltName together. Two certificates that agree on all three are one CA for
    /// the search: a path holding both is a loop (a re-issued or mutually cross-signed certificate), the same rule
    /// as Go's crypto/x509 alreadyInChain.
    /// </summary>
    public string LoopIdentity { get; }

    public byte[]? SubjectKeyIdentifier { get; }

    public byte[]? AuthorityKeyIdentifier { get; }

    /// <summary>The subject public key, or null when it cannot be decoded (decoded on first use).</summary>
    public AsymmetricKeyParameter? PublicKey => publicKey.Value;

    /// <summary>The node for a certificate, or null when not even its DER can be re-encoded (unusable in any path).</summary>
    public static PathNode? TryCreate(X509Certificate certificate)
    {
        try
        {
            var structure = certificate.CertificateStructure;
            var key = CertificateKey.Of(certificate);
            var subject = structure.Subject.GetEncoded(Asn1Encodable.Der);
            var spki = structure.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der);
            var san = certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName)?.GetOctets() ?? [];
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var part in new[] { subject, spki, san })
            {
                hash.AppendData(BitConverter.GetBytes(part.Length));
                hash.AppendData(part);
            }

            return new PathNode(certificate, key, Convert.ToHexString(hash.GetHashAndReset()));
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a CA named <paramref name="subject"/> (with key identifier <paramref name="issuerSki"/>, when known)
    /// may have issued this certificate: names match, and key identifiers do not contradict each other.
    /// </summary>
    public bool MayBeIssuedBy(X509Name subject, byte[]? issuerSki)
    {
        try
        {
            if (!Certificate.IssuerDN.Equivalent(subject, true))
            {
                return false;
            }
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return false;
        }

        return AuthorityKeyIdentifier is null || issuerSki is null || AuthorityKeyIdentifier.AsSpan().SequenceEqual(issuerSki);
    }

    private static T? Try<T>(Func<T?> decode)
        where T : class
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return null;
        }
    }
}
