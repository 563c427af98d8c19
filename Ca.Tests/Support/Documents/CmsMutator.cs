using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;

namespace Ca.Tests.Support.Documents;

/// <summary>Rewrites parts of a SignedData (signer info, certificates) to build tampered test inputs.</summary>
internal static class CmsMutator
{
    public static byte[] Mutate(byte[] der, Func<SignerInfo, SignerInfo> signer, Func<Asn1Set, Asn1Set>? certificates = null)
    {
        var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(der));
        var signedData = SignedData.GetInstance(contentInfo.Content);
        var signerInfo = signer(SignerInfo.GetInstance(signedData.SignerInfos[0]));
        var certs = certificates is null ? signedData.Certificates : certificates(signedData.Certificates);
        var rebuilt = new SignedData(signedData.DigestAlgorithms, signedData.EncapContentInfo, certs, signedData.CRLs, new DerSet(signerInfo));
        return new ContentInfo(CmsObjectIdentifiers.SignedData, rebuilt).GetEncoded(Asn1Encodable.Der);
    }

    public static SignerInfo WithSignature(SignerInfo info, byte[] signature) =>
        new(info.SignerID, info.DigestAlgorithm, info.SignedAttrs, info.SignatureAlgorithm, new DerOctetString(signature), info.UnsignedAttrs);

    public static SignerInfo WithUnsigned(SignerInfo info, Asn1Set? unsigned) =>
        new(info.SignerID, info.DigestAlgorithm, info.SignedAttrs, info.SignatureAlgorithm, info.Signature, unsigned);

    public static SignerInfo WithSid(SignerInfo info, SignerIdentifier sid) =>
        new(sid, info.DigestAlgorithm, info.SignedAttrs, info.SignatureAlgorithm, info.Signature, info.UnsignedAttrs);
}
