using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;

namespace Ca.Core.Documents;

/// <summary>
/// Verifies a CAdES signature time-stamp (id-aa-signatureTimeStampToken): its imprint must be the hash of
/// this signature value, and the token must verify under a certificate with only id-kp-timeStamping,
/// valid at genTime. No clock is read: every time check is against the token's own genTime.
/// </summary>
internal static class SignatureTimeStampVerifier
{
    /// <summary>The outcome; <see cref="Error"/> (and <see cref="Problem"/>) are null when the time-stamp holds.</summary>
    public sealed record Result(DateTimeOffset? GenTime, X509Certificate? TsaCertificate, string? Error, TimeStampProblem? Problem = null);

    /// <summary>Null when no time-stamp is attached.</summary>
    public static Result? Verify(AttributeTable? unsignedAttributes, byte[] signatureValue, IReadOnlyList<X509Certificate> outerCertificates)
    {
        var attribute = unsignedAttributes?[PkcsObjectIdentifiers.IdAASignatureTimeStampToken];
        if (attribute is null)
        {
            return null;
        }

        try
        {
            var token = new TimeStampToken(ContentInfo.GetInstance(attribute.AttrValues[0]));
            var info = token.TimeStampInfo;
            var expected = DigestUtilities.CalculateDigest(new DerObjectIdentifier(info.MessageImprintAlgOid), signatureValue);
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, info.GetMessageImprintDigest()))
            {
                return new Result(null, null, "The time-stamp does not cover this signature value.", TimeStampProblem.NotForThisSignature);
            }

            var tsaCertificate = token.GetCertificates().EnumerateMatches(token.SignerID).FirstOrDefault()
                ?? outerCertificates.FirstOrDefault(token.SignerID.Match);
            if (tsaCertificate is null)
            {
                return new Result(null, null, "The time-stamp's TSA certificate is not embedded.", TimeStampProblem.AuthorityCertificateMissing);
            }

            token.Validate(tsaCertificate);
            return new Result(new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc)), tsaCertificate, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Result(null, null, $"The time-stamp is invalid: {e.Message}", TimeStampProblem.Invalid);
        }
    }
}
