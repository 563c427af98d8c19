using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace Ca.Core.Documents;

/// <summary>
/// Checks the ESS signing-certificate(-v2) attribute (RFC 2634 5.4, RFC 5035): it binds the signature to
/// one certificate, so a second certificate for the same key cannot be substituted.
/// </summary>
internal static class SigningCertificateBinding
{
    /// <summary>Null when the attribute is absent or names this certificate; otherwise why not.</summary>
    public static string? Check(AttributeTable signedAttributes, X509Certificate certificate)
    {
        byte[] expectedHash;
        DerObjectIdentifier hashAlgorithm;
        IssuerSerial? issuerSerial;
        if (signedAttributes[PkcsObjectIdentifiers.IdAASigningCertificateV2] is { } v2)
        {
            var id = SigningCertificateV2.GetInstance(v2.AttrValues[0]).GetCerts()[0];
            (expectedHash, hashAlgorithm, issuerSerial) = (id.CertHash.GetOctets(), id.HashAlgorithm.Algorithm, id.IssuerSerial);
        }
        else if (signedAttributes[PkcsObjectIdentifiers.IdAASigningCertificate] is { } v1)
        {
            var id = SigningCertificate.GetInstance(v1.AttrValues[0]).GetCerts()[0];
            (expectedHash, hashAlgorithm, issuerSerial) = (id.GetCertHash(), Org.BouncyCastle.Asn1.Oiw.OiwObjectIdentifiers.IdSha1, id.IssuerSerial);
        }
        else
        {
            return null;
        }

        var actual = DigestUtilities.CalculateDigest(hashAlgorithm, certificate.GetEncoded());
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(actual, expectedHash))
        {
            return "The signing-certificate attribute's hash does not match the signer certificate.";
        }

        if (issuerSerial is not null)
        {
            var names = issuerSerial.Issuer.GetNames();
            var issuerMatches = names.Any(n => n.TagNo == GeneralName.DirectoryName && X509Name.GetInstance(n.Name).Equivalent(certificate.IssuerDN));
            if (!issuerSerial.Serial.Value.Equals(certificate.SerialNumber) || !issuerMatches)
            {
                return "The signing-certificate attribute's issuer and serial do not match the signer certificate.";
            }
        }

        return null;
    }
}
