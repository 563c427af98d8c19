using Ca.Core.Common;
using Ca.Core.Keys;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// An e-seal held by the service: what clients may know about it (never the key). Built from the
/// stored service key so there is one source of truth for signers.
/// </summary>
/// <param name="Id">Stable id, used as <c>signerId</c> when signing.</param>
/// <param name="Name">Display name.</param>
/// <param name="Owner">The account that may sign with it.</param>
/// <param name="CaId">The CA that issued its certificate.</param>
/// <param name="Algorithm">Key algorithm.</param>
/// <param name="Certificate">Its certificate.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="Active">False once superseded.</param>
public sealed record DocumentSigner(
    string Id,
    string Name,
    string Owner,
    string CaId,
    KeyAlgorithm Algorithm,
    X509Certificate Certificate,
    DateTimeOffset CreatedAt,
    bool Active)
{
    /// <summary>The certificate serial in canonical hex.</summary>
    public string SerialNumber => Common.SerialNumber.From(Certificate.SerialNumber).Hex;

    /// <summary>The certificate's notAfter.</summary>
    public DateTimeOffset NotAfter => new(DateTime.SpecifyKind(Certificate.NotAfter, DateTimeKind.Utc));

    /// <summary>The certificate's notBefore.</summary>
    public DateTimeOffset NotBefore => new(DateTime.SpecifyKind(Certificate.NotBefore, DateTimeKind.Utc));

    /// <summary>Projects a stored key record.</summary>
    public static DocumentSigner From(ServiceKeyRecord record) => new(
        record.Id, record.Name, record.Owner, record.CaId, record.Algorithm, new X509Certificate(record.CertificateDer), record.CreatedAt, record.Active);

    /// <summary>The certificate in PEM.</summary>
    public string CertificatePem => Pem.Encode("CERTIFICATE", Certificate.GetEncoded());
}
