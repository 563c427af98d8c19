using System.Security.Cryptography;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Core.Ocsp;

/// <summary>
/// One served CA with its current delegated responder (or, as a fallback, the CA itself): the CA
/// certificate (to recognise CertIDs), the responder certificate (sent in every response) and its key.
/// The CertID hashes for every supported algorithm are computed once here, so matching a request is a
/// few byte comparisons.
/// </summary>
public sealed class OcspSigner
{
    private readonly (DerObjectIdentifier Oid, byte[] NameHash, byte[] KeyHash)[] issuerHashes;

    /// <summary>Creates a signer; fails when the responder certificate is not for this key or not issued by this CA.</summary>
    public OcspSigner(string caId, X509Certificate caCertificate, X509Certificate responderCertificate, ISigningKey responderKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(caId);
        if (!responderCertificate.CertificateStructure.SubjectPublicKeyInfo.Equals(responderKey.PublicKeyInfo))
        {
            throw new ArgumentException("The responder certificate does not certify the responder key.", nameof(responderCertificate));
        }

        // RFC 6960 4.2.2.2: the CA itself, or a responder it certified directly.
        if (!responderCertificate.Equals(caCertificate) && !responderCertificate.IssuerDN.Equivalent(caCertificate.SubjectDN))
        {
            throw new ArgumentException($"The responder certificate was not issued by CA '{caId}'.", nameof(responderCertificate));
        }

        CaId = caId;
        CaCertificate = caCertificate;
        ResponderCertificate = responderCertificate;
        ResponderKey = responderKey;
        ResponderSerial = responderCertificate.SerialNumber.ToString(16);

        var nameDer = caCertificate.CertificateStructure.Subject.GetEncoded(Asn1Encodable.Der);
        var keyBits = caCertificate.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetOctets();
        issuerHashes = OcspHashAlgorithms.All
            .Select(a => (a.Oid, OcspHashAlgorithms.Hash(a.Hash, nameDer), OcspHashAlgorithms.Hash(a.Hash, keyBits)))
            .ToArray();

        // RFC 6960 4.2.1 responderID byKey: SHA-1 of the responder's subjectPublicKey bits.
        ResponderId = new ResponderID(new DerOctetString(SHA1.HashData(responderKey.PublicKeyInfo.PublicKey.GetOctets())));
    }

    /// <summary>The CA answering for itself with its own key: the fallback while it has no delegated responder.</summary>
    internal static OcspSigner ForAuthority(Authorities.CertificateAuthority authority) =>
        new(authority.Id, authority.Certificate, authority.Certificate, authority.Key);

    /// <summary>The served CA's id, passed to the status source.</summary>
    public string CaId { get; }

    /// <summary>The served CA's certificate.</summary>
    public X509Certificate CaCertificate { get; }

    /// <summary>The responder certificate included in every response (the CA's own when it answers itself).</summary>
    public X509Certificate ResponderCertificate { get; }

    /// <summary>The responder's key, which signs responses. Internal: it may be the CA's own key.</summary>
    internal ISigningKey ResponderKey { get; }

    /// <summary>True when the CA signs its responses itself (no usable delegated responder).</summary>
    public bool IsAuthorityItself => ResponderCertificate.Equals(CaCertificate);

    /// <summary>The responder certificate's serial, so cached responses signed by a rolled-over key are not served.</summary>
    internal string ResponderSerial { get; }

    /// <summary>The responderID (byKey) written into responses.</summary>
    internal ResponderID ResponderId { get; }

    /// <summary>True when the CertID names this CA as issuer under its hash algorithm.</summary>
    internal bool Matches(CertID certId)
    {
        foreach (var (oid, nameHash, keyHash) in issuerHashes)
        {
            if (oid.Equals(certId.HashAlgorithm.Algorithm))
            {
                return CryptographicOperations.FixedTimeEquals(nameHash, certId.IssuerNameHash.GetOctets())
                    && CryptographicOperations.FixedTimeEquals(keyHash, certId.IssuerKeyHash.GetOctets());
            }
        }

        return false;
    }
}
