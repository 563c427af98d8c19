using System.Text;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>A SignedData taken apart: its signers (in order), embedded certificates and embedded content.</summary>
internal sealed record ParsedSignedData(IReadOnlyList<SignerInfo> Signers, IReadOnlyList<X509Certificate> Certificates, DerObjectIdentifier ContentType, Asn1OctetString? Content)
{
    /// <summary>More SignerInfos than this is not a document anyone signs; refusing bounds the work per request.</summary>
    public const int MaxSigners = 64;

    /// <summary>The first signer.</summary>
    public SignerInfo Signer => Signers[0];

    /// <summary>The DER/BER bytes of a PEM-armoured CMS (CMS / PKCS7 labels); other input unchanged.</summary>
    public static byte[] Unarmor(byte[] input) =>
        input.Length > 10 && input.AsSpan(0, 10).SequenceEqual("-----BEGIN"u8)
            ? Pem.TryDecode(Encoding.ASCII.GetString(input), "CMS", "PKCS7", "PKCS #7 SIGNED DATA") ?? []
            : input;

    /// <summary>Parses DER, BER or PEM (CMS / PKCS7 labels); returns an error text instead of throwing.</summary>
    public static ParsedSignedData? TryParse(byte[] input, out string error)
    {
        var der = input;
        if (input.Length > 10 && input.AsSpan(0, 10).SequenceEqual("-----BEGIN"u8))
        {
            der = Pem.TryDecode(Encoding.ASCII.GetString(input), "CMS", "PKCS7", "PKCS #7 SIGNED DATA") ?? [];
            if (der.Length == 0)
            {
                error = "The PEM holds no CMS or PKCS7 block.";
                return null;
            }
        }

        try
        {
            var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(der));
            if (!CmsObjectIdentifiers.SignedData.Equals(contentInfo.ContentType))
            {
                error = $"The CMS content type is {contentInfo.ContentType.Id}, not signedData.";
                return null;
            }

            var signedData = SignedData.GetInstance(contentInfo.Content);
            if (signedData.SignerInfos.Count == 0)
            {
                error = "The SignedData has no signer.";
                return null;
            }

            if (signedData.SignerInfos.Count > MaxSigners)
            {
                error = $"The SignedData has {signedData.SignerInfos.Count} signers; at most {MaxSigners} are examined.";
                return null;
            }

            var certificates = new List<X509Certificate>();
            foreach (var element in signedData.Certificates ?? new DerSet())
            {
                if (element is Asn1Sequence sequence)
                {
                    certificates.Add(new X509Certificate(X509CertificateStructure.GetInstance(sequence)));
                }
            }

            var encap = signedData.EncapContentInfo;
            error = string.Empty;
            return new ParsedSignedData(
                signedData.SignerInfos.Cast<Asn1Encodable>().Select(SignerInfo.GetInstance).ToList(),
                certificates,
                encap.ContentType,
                encap.Content is null ? null : Asn1OctetString.GetInstance(encap.Content));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = $"Not a CMS SignedData: {e.Message}";
            return null;
        }
    }

    /// <summary>The embedded certificate named by the first signer's identifier.</summary>
    public X509Certificate? FindSignerCertificate() => FindSignerCertificate(Signer);

    /// <summary>The embedded certificate named by a signer identifier (issuer+serial or key identifier).</summary>
    public X509Certificate? FindSignerCertificate(SignerInfo signer)
    {
        var sid = signer.SignerID;
        if (sid.IsTagged)
        {
            var keyId = Asn1OctetString.GetInstance(sid.ID).GetOctets();
            return Certificates.FirstOrDefault(c => KeyIdentifierOf(c).AsSpan().SequenceEqual(keyId));
        }

        var issuerAndSerial = IssuerAndSerialNumber.GetInstance(sid.ID);
        return Certificates.FirstOrDefault(c =>
            c.SerialNumber.Equals(issuerAndSerial.SerialNumber.Value) && c.IssuerDN.Equivalent(issuerAndSerial.Issuer));
    }

    private static byte[] KeyIdentifierOf(X509Certificate certificate) =>
        certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } ski
            ? SubjectKeyIdentifier.GetInstance(Asn1Object.FromByteArray(ski.GetOctets())).GetKeyIdentifier()
            : Keys.KeyIdentifiers.Compute(certificate.CertificateStructure.SubjectPublicKeyInfo);
}
