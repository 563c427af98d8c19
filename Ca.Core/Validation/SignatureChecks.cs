using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>Signature verification and working-key handling (DSA parameter inheritance, RFC 5280 6.1.4 (e)).</summary>
internal static class SignatureChecks
{
    /// <summary>Gives a subject key without domain parameters those of the working key, as RFC 5280 requires.</summary>
    public static AsymmetricKeyParameter InheritParameters(AsymmetricKeyParameter subjectKey, AsymmetricKeyParameter workingKey) =>
        subjectKey is DsaPublicKeyParameters { Parameters: null } dsa && workingKey is DsaPublicKeyParameters { Parameters: { } inherited }
            ? new DsaPublicKeyParameters(dsa.Y, inherited)
            : subjectKey;

    /// <summary>
    /// Verifies a certificate signature; returns the failure kind, or None. A certificate whose outer
    /// signatureAlgorithm differs from tbsCertificate.signature is malformed (RFC 5280 4.1.1.2) whatever the key.
    /// </summary>
    public static (PathValidationFailure Failure, string? Message) Verify(X509Certificate cert, AsymmetricKeyParameter key)
    {
        try
        {
            if (!SameAlgorithm(cert.CertificateStructure.SignatureAlgorithm, cert.CertificateStructure.TbsCertificate.Signature))
            {
                return (PathValidationFailure.MalformedInput, "signatureAlgorithm differs from the signature field of tbsCertificate (RFC 5280 4.1.1.2)");
            }

            return cert.IsSignatureValid(key)
                ? (PathValidationFailure.None, null)
                : (PathValidationFailure.SignatureInvalid, "certificate signature does not verify with the issuer's key");
        }
        catch (SecurityUtilityException ex)
        {
            return (PathValidationFailure.UnsupportedAlgorithm, $"unsupported signature algorithm {cert.SigAlgOid}: {ex.Message}");
        }
        catch (Exception ex) when (UntrustedInput.IsDecodingFailure(ex))
        {
            return (PathValidationFailure.SignatureInvalid, $"certificate signature could not be verified: {ex.Message}");
        }
    }

    /// <summary>Verifies a CRL signature, treating any verification error as "not signed by this key".</summary>
    public static bool VerifyCrl(X509Crl crl, AsymmetricKeyParameter key)
    {
        try
        {
            return crl.IsSignatureValid(key);
        }
        catch (Exception ex) when (UntrustedInput.IsDecodingFailure(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// RFC 5280 4.1.1.2 equality of two AlgorithmIdentifiers: same OID and same parameters, where absent parameters
    /// and an explicit NULL are the same (both encodings occur for RSA in the wild).
    /// </summary>
    public static bool SameAlgorithm(AlgorithmIdentifier outer, AlgorithmIdentifier inner)
    {
        if (!outer.Algorithm.Equals(inner.Algorithm))
        {
            return false;
        }

        var a = outer.Parameters is null or Asn1Null ? null : outer.Parameters.ToAsn1Object();
        var b = inner.Parameters is null or Asn1Null ? null : inner.Parameters.ToAsn1Object();
        return a is null ? b is null : a.Equals(b);
    }
}
