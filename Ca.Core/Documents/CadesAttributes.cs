using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

namespace Ca.Core.Documents;

/// <summary>The attributes that make a CMS signature CAdES-B-B (ETSI EN 319 122-1 5.2) and B-T (5.3).</summary>
internal static class CadesAttributes
{
    /// <summary>
    /// content-type, message-digest, signing-time and signing-certificate-v2, as a DER SET (sorted), the
    /// exact bytes that are signed. PAdES leaves signing-time out (ETSI EN 319 142-1 5.3: the time is the
    /// signature dictionary's /M), so it is optional.
    /// </summary>
    public static DerSet Signed(byte[] contentDigest, DateTime? signingTimeUtc, X509Certificate signerCertificate)
    {
        var certHash = System.Security.Cryptography.SHA256.HashData(signerCertificate.GetEncoded());
        var issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(signerCertificate.IssuerDN)), new DerInteger(signerCertificate.SerialNumber));
        var signingCertificate = new SigningCertificateV2(new EssCertIDv2(certHash, issuerSerial));

        var attributes = new Asn1EncodableVector(
            new Attribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(contentDigest))));
        if (signingTimeUtc is { } time)
        {
            attributes.Add(new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(time))));
        }

        attributes.Add(new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(signingCertificate)));
        return new DerSet(attributes);
    }

    /// <summary>The signature-time-stamp unsigned attribute carrying a TimeStampToken.</summary>
    public static DerSet SignatureTimeStamp(byte[] timeStampTokenDer) =>
        new(new Attribute(PkcsObjectIdentifiers.IdAASignatureTimeStampToken,
            new DerSet(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(timeStampTokenDer)))));
}
