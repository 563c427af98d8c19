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

    /// <summary>Verifies a certificate signature; returns the failure kind, or None.</summary>
    public static (PathValidationFailure Failure, string? Message) Verify(X509Certificate cert, AsymmetricKeyParameter key)
    {
        try
        {
            return cert.IsSignatureValid(key)
                ? (PathValidationFailure.None, null)
                : (PathValidationFailure.SignatureInvalid, "certificate signature does not verify with the issuer's key");
        }
        catch (SecurityUtilityException ex)
        {
            return (PathValidationFailure.UnsupportedAlgorithm, $"unsupported signature algorithm {cert.SigAlgOid}: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidKeyException or CryptoException or ArgumentException or InvalidOperationException or NullReferenceException or IOException)
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
        catch (Exception ex) when (ex is SecurityUtilityException or InvalidKeyException or CryptoException or ArgumentException or InvalidOperationException or NullReferenceException or IOException)
        {
            return false;
        }
    }
}
