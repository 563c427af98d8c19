using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support;

/// <summary>
/// Builds certificates no honest CA would issue, by editing the fields of a real one: what a hostile relying-party
/// request carries. The result is re-signed when a key is given, so only the edited field is wrong.
/// </summary>
internal static class CertificateSurgery
{
    /// <summary>The certificate with another subjectPublicKeyInfo (given as DER, so it can be anything).</summary>
    public static X509Certificate WithSubjectPublicKeyInfo(X509Certificate certificate, Asn1Encodable spki, AsymmetricKeyParameter signingKey)
    {
        var fields = TbsFields(certificate);
        fields[fields.Length - (HasExtensions(certificate) ? 2 : 1)] = spki;
        return Sign(new DerSequence(fields), certificate.CertificateStructure.SignatureAlgorithm, signingKey);
    }

    /// <summary>The certificate with an outer signatureAlgorithm that differs from the one inside the TBS (RFC 5280 4.1.1.2).</summary>
    public static X509Certificate WithOuterSignatureAlgorithm(X509Certificate certificate, AlgorithmIdentifier outer)
    {
        var structure = certificate.CertificateStructure;
        return new X509Certificate(X509CertificateStructure.GetInstance(new DerSequence(structure.TbsCertificate, outer, structure.Signature)));
    }

    /// <summary>An EC key of a curve nobody knows.</summary>
    public static Asn1Encodable EcKeyOnUnknownCurve() => new DerSequence(
        new DerSequence(X9ObjectIdentifiersEcPublicKey, new DerObjectIdentifier("1.3.6.1.4.1.99999.1")),
        new DerBitString([0x04, .. Enumerable.Repeat((byte)0x01, 64)]));

    /// <summary>An EC key whose algorithm carries no curve at all.</summary>
    public static Asn1Encodable EcKeyWithoutParameters() => new DerSequence(
        new DerSequence(X9ObjectIdentifiersEcPublicKey),
        new DerBitString([0x04, .. Enumerable.Repeat((byte)0x01, 64)]));

    /// <summary>A P-256 key whose point is not on the curve.</summary>
    public static Asn1Encodable EcPointOffTheCurve() => new DerSequence(
        new DerSequence(X9ObjectIdentifiersEcPublicKey, Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1),
        new DerBitString([0x04, .. Enumerable.Repeat((byte)0x01, 64)]));

    /// <summary>An RSA key whose bit string is not an RSAPublicKey.</summary>
    public static Asn1Encodable RsaKeyNotASequence() => new DerSequence(
        new AlgorithmIdentifier(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
        new DerBitString([0x02, 0x01, 0x05]));

    private static DerObjectIdentifier X9ObjectIdentifiersEcPublicKey => Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.IdECPublicKey;

    private static bool HasExtensions(X509Certificate certificate) => certificate.CertificateStructure.TbsCertificate.Extensions is not null;

    private static Asn1Encodable[] TbsFields(X509Certificate certificate) =>
        Asn1Sequence.GetInstance(certificate.CertificateStructure.TbsCertificate.ToAsn1Object()).Cast<Asn1Encodable>().ToArray();

    private static X509Certificate Sign(DerSequence tbs, AlgorithmIdentifier algorithm, AsymmetricKeyParameter key)
    {
        var factory = new Asn1SignatureFactory(algorithm, key);
        var calculator = factory.CreateCalculator();
        using (var stream = calculator.Stream)
        {
            tbs.EncodeTo(stream, Asn1Encodable.Der);
        }

        var signature = ((IBlockResult)calculator.GetResult()).Collect();
        return new X509Certificate(X509CertificateStructure.GetInstance(new DerSequence(tbs, algorithm, new DerBitString(signature))));
    }
}
