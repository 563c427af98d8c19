using Ca.Core.Common;
using Org.BouncyCastle.Security;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// Whether a certificate someone sent us can be processed at all, checked before it enters path building.
/// BouncyCastle decodes a certificate's parts lazily, so a structurally valid certificate can still hold a public
/// key, a time or an extension that throws when first read; and RFC 5280 4.1.1.2 requires the outer
/// signatureAlgorithm to equal tbsCertificate.signature. Such a certificate is reported FAILED/FORMAT_FAILURE.
/// A key of an algorithm we do not know is not malformed: it goes on and fails as unsupported.
/// </summary>
internal static class CertificateFormat
{
    /// <summary>
    /// The first of <paramref name="certificates"/> that cannot be processed, as a sentence naming it by its label, or
    /// null when all can.
    /// </summary>
    public static string? FirstProblem(IEnumerable<(string Label, X509Certificate Certificate)> certificates)
    {
        foreach (var (label, certificate) in certificates)
        {
            if (Problem(certificate) is { } problem)
            {
                return $"{label} is malformed: {problem}.";
            }
        }

        return null;
    }

    /// <summary>Why the certificate cannot be processed, or null when every part validation reads decodes.</summary>
    public static string? Problem(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string part = "the structure";
        try
        {
            part = "the signature algorithm";
            var structure = certificate.CertificateStructure;
            if (!SignatureChecks.SameAlgorithm(structure.SignatureAlgorithm, structure.TbsCertificate.Signature))
            {
                return "its signatureAlgorithm differs from the signature field of tbsCertificate (RFC 5280 4.1.1.2)";
            }

            part = "the names, serial number or validity";
            _ = CertificateIdentity.From(certificate);
            _ = CertificateKey.Of(certificate);

            part = "the subject public key";
            try
            {
                _ = certificate.GetPublicKey();
            }
            catch (SecurityUtilityException)
            {
                // An unknown key algorithm: not malformed, reported later as unsupported.
            }

            part = "an extension";
            _ = CertificateFacts.GetBasicConstraints(certificate);
            _ = CertificateFacts.GetPolicies(certificate);
            _ = CertificateFacts.GetPolicyMappings(certificate);
            _ = CertificateFacts.GetPolicyConstraints(certificate);
            _ = CertificateFacts.GetInhibitAnyPolicy(certificate);
            _ = CertificateFacts.GetNameConstraints(certificate)?.ToAsn1Object();
            _ = CertificateFacts.GetSubjectAltNames(certificate)?.GetNames();
            _ = CertificateFacts.GetExtendedKeyUsages(certificate);
            _ = CertificateFacts.GetSubjectKeyIdentifier(certificate);
            _ = CertificateFacts.GetAuthorityKeyIdentifier(certificate);
            _ = CrlScope.DistributionPointsOf(certificate);
            _ = CertificateFacts.GetAuthorityInformationAccess(certificate);
            _ = CertificateFacts.UnprocessedCriticalExtensions(certificate).ToList();
            return null;
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            // BouncyCastle's messages can embed whole inner exceptions; the part that failed is what a caller can act on.
            return $"{part} cannot be decoded";
        }
    }
}
