using Ca.Core.Authorities;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// A certificate in the forms people's software asks for: PEM, DER, the chain as PEM (certificate
/// first, root last), and PKCS#7 (a certs-only SignedData, RFC 5652 §5 "degenerate" case) that
/// Windows and Java import.
/// </summary>
public sealed class CertificateFiles(AuthorityRegistry authorities)
{
    /// <summary>The file for <paramref name="format"/> (pem, der, chain, p7b), or null for an unknown format.</summary>
    public async Task<(byte[] Content, string ContentType, string FileName)?> BuildAsync(byte[] der, string issuerId, string serialHex, string format, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case "pem":
                return (System.Text.Encoding.ASCII.GetBytes(Pem.Encode("CERTIFICATE", der)), "application/x-pem-file", serialHex + ".pem");
            case "der":
                return (der, "application/pkix-cert", serialHex + ".cer");
            case "chain":
            {
                var chain = await ChainAsync(issuerId, cancellationToken);
                var text = Pem.Encode("CERTIFICATE", der) + string.Concat(chain.Select(c => Pem.Encode("CERTIFICATE", c)));
                return (System.Text.Encoding.ASCII.GetBytes(text), "application/pem-certificate-chain", serialHex + "-chain.pem");
            }

            case "p7b":
            {
                var chain = await ChainAsync(issuerId, cancellationToken);
                var certificates = new DerSet(new[] { der }.Concat(chain).Select(c => (Asn1Encodable)X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(c))).ToArray());
                var signedData = new SignedData(new DerSet(Array.Empty<Asn1Encodable>()), new ContentInfo(CmsObjectIdentifiers.Data, null), certificates, null, new DerSet(Array.Empty<Asn1Encodable>()));
                return (new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der), "application/pkcs7-mime", serialHex + ".p7b");
            }

            default:
                return null;
        }
    }

    private async Task<List<byte[]>> ChainAsync(string issuerId, CancellationToken cancellationToken) =>
        (await authorities.ChainAsync(issuerId, cancellationToken)).Select(a => a.Record.CertificateDer).ToList();
}
