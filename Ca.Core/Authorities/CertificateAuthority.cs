using Ca.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Authorities;

/// <summary>
/// A CA ready to sign: its record, parsed certificate and its key (software, on a token, or offline).
/// Built once and cached by <see cref="AuthorityRegistry"/>, so the hot path never re-parses or re-decrypts.
/// </summary>
public sealed class CertificateAuthority
{
    internal CertificateAuthority(AuthorityRecord record, ISigningKey key)
    {
        Record = record;
        Key = key;
        Certificate = new X509Certificate(record.CertificateDer);
        SubjectKeyIdentifier = SubjectKeyIdentifier.GetInstance(
            Certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } ski
                ? Asn1Object.FromByteArray(ski.GetOctets())
                : new DerOctetString(KeyIdentifiers.Compute(Certificate.CertificateStructure.SubjectPublicKeyInfo)));
    }

    /// <summary>The stored record.</summary>
    public AuthorityRecord Record { get; }

    /// <summary>The CA's id.</summary>
    public string Id => Record.Id;

    /// <summary>The CA certificate.</summary>
    public X509Certificate Certificate { get; }

    /// <summary>The CA's key identifier, copied into the AKI of everything it signs.</summary>
    public SubjectKeyIdentifier SubjectKeyIdentifier { get; }

    /// <summary>The signing key. Internal: nothing outside Core ever gets hold of a CA key.</summary>
    internal ISigningKey Key { get; }

    /// <summary>False when the key is deliberately absent (an offline root): the CA then signs only in a key ceremony.</summary>
    public bool KeyOnline => Key is not OfflineSigningKey;

    /// <summary>Where the key lives (never the key).</summary>
    public KeyReference KeyReference => Key.Reference;

    /// <summary>True for a self-signed root.</summary>
    public bool IsRoot => Record.ParentId is null;

    /// <summary>The CA certificate's notAfter, the ceiling for anything it issues.</summary>
    public DateTimeOffset NotAfter => new(DateTime.SpecifyKind(Certificate.NotAfter, DateTimeKind.Utc));
}
