using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// The RFC 5280 (and RFC 5480) MUSTs on how a certificate is made, checked for every certificate of a path, the
/// trust anchor's included. Basic path validation (6.1) alone accepts certificates no conforming CA may issue; a
/// relying party that accepts them cannot tell a mis-issued certificate from a forged-looking one, so like Go,
/// rustls-webpki and BoringSSL we reject them. Each rule names the section that decides it.
/// </summary>
internal static class CertificateProfileRules
{
    private const int MaxSerialOctets = 20;

    /// <summary>The first rule the certificate breaks, as a sentence with its RFC section, or null.</summary>
    /// <param name="cert">The certificate.</param>
    /// <param name="usedAsIssuer">Whether the path uses it to verify another certificate (an intermediate or the anchor).</param>
    /// <param name="requireCriticalConstraints">See <see cref="PathValidationSettings.RequireCriticalConstraints"/>.</param>
    public static string? FirstViolation(X509Certificate cert, bool usedAsIssuer, bool requireCriticalConstraints = true)
    {
        var serial = cert.SerialNumber;
        if (serial.SignValue <= 0)
        {
            return "the serial number is not a positive integer (RFC 5280 4.1.2.2)";
        }
        if (serial.BitLength > MaxSerialOctets * 8)
        {
            return "the serial number is longer than 20 octets (RFC 5280 4.1.2.2)";
        }
        if (usedAsIssuer && cert.Version != 3)
        {
            return $"a version {cert.Version} certificate cannot be a CA: basicConstraints needs version 3 (RFC 5280 4.1.2.1, 6.1.4 (k))";
        }
        if (IsEmpty(cert.IssuerDN))
        {
            return "the issuer name is empty (RFC 5280 4.1.2.4)";
        }

        var basicConstraints = CertificateFacts.GetBasicConstraints(cert);
        var isCa = basicConstraints?.IsCA() == true;
        if (IsEmpty(cert.SubjectDN))
        {
            if (isCa)
            {
                return "a CA certificate has an empty subject (RFC 5280 4.1.2.6)";
            }
            if (!IsCritical(cert, X509Extensions.SubjectAlternativeName))
            {
                return "the subject is empty but subjectAltName is absent or not critical (RFC 5280 4.1.2.6, 4.2.1.6)";
            }
        }

        if (requireCriticalConstraints && isCa && !IsCritical(cert, X509Extensions.BasicConstraints))
        {
            return "basicConstraints of a CA certificate is not critical (RFC 5280 4.2.1.9)";
        }
        if (IsCritical(cert, X509Extensions.AuthorityKeyIdentifier))
        {
            return "authorityKeyIdentifier is critical (RFC 5280 4.2.1.1)";
        }
        if (CertificateFacts.GetAuthorityKeyIdentifier(cert) is null && !IsSelfSigned(cert))
        {
            return "authorityKeyIdentifier keyIdentifier is missing in a certificate that is not self-signed (RFC 5280 4.2.1.1)";
        }
        if (IsCritical(cert, X509Extensions.SubjectKeyIdentifier))
        {
            return "subjectKeyIdentifier is critical (RFC 5280 4.2.1.2)";
        }
        if (isCa && CertificateFacts.GetSubjectKeyIdentifier(cert) is null)
        {
            return "subjectKeyIdentifier is missing in a CA certificate (RFC 5280 4.2.1.2)";
        }
        if (!isCa && cert.GetKeyUsage() is { } keyUsage && keyUsage[5])
        {
            return "keyUsage asserts keyCertSign but basicConstraints cA is not set (RFC 5280 4.2.1.3)";
        }
        if (CertificateFacts.GetExtendedKeyUsages(cert) is { Count: 0 })
        {
            return "extendedKeyUsage is an empty sequence (RFC 5280 4.2.1.12: SIZE (1..MAX))";
        }
        if (cert.GetExtensionValue(X509Extensions.NameConstraints) is not null)
        {
            if (!isCa)
            {
                return "nameConstraints in a certificate that is not a CA (RFC 5280 4.2.1.10)";
            }
            if (requireCriticalConstraints && !IsCritical(cert, X509Extensions.NameConstraints))
            {
                return "nameConstraints is not critical (RFC 5280 4.2.1.10)";
            }
        }
        if (cert.GetExtensionValue(X509Extensions.PolicyConstraints) is not null)
        {
            if (!isCa)
            {
                return "policyConstraints in a certificate that is not a CA (RFC 5280 4.2.1.11)";
            }
            if (requireCriticalConstraints && !IsCritical(cert, X509Extensions.PolicyConstraints))
            {
                return "policyConstraints is not critical (RFC 5280 4.2.1.11)";
            }
        }
        if (HasExplicitCurve(cert))
        {
            return "the EC public key has explicit curve parameters; only named curves are allowed (RFC 5480 2.1.1)";
        }
        if (cert.GetExtensionValue(X509Extensions.AuthorityInfoAccess) is not null && !HasAccessDescriptions(cert))
        {
            return "authorityInfoAccess is not a non-empty sequence of access descriptions (RFC 5280 4.2.2.1)";
        }

        foreach (var name in CertificateFacts.GetSubjectAltNames(cert)?.GetNames() ?? [])
        {
            if (name.TagNo == GeneralName.DnsName && DnsNameProblem(((IAsn1String)name.Name).GetString(), allowWildcard: true) is { } problem)
            {
                return $"subjectAltName dNSName '{((IAsn1String)name.Name).GetString()}' {problem} (RFC 5280 4.2.1.6, RFC 1034 3.5)";
            }
            if (name.TagNo == GeneralName.IPAddress && Asn1OctetString.GetInstance(name.Name).GetOctets().Length is not (4 or 16))
            {
                return "subjectAltName iPAddress is neither 4 nor 16 octets (RFC 5280 4.2.1.6)";
            }
            if (name.TagNo == GeneralName.Rfc822Name && !IsMailbox(((IAsn1String)name.Name).GetString()))
            {
                return $"subjectAltName rfc822Name '{((IAsn1String)name.Name).GetString()}' is not a mailbox (RFC 5280 4.2.1.6, RFC 5321 4.1.2)";
            }
        }

        return null;
    }

    /// <summary>
    /// Why a dNSName is not in the preferred name syntax (letters, digits, hyphens; labels of 1-63 characters),
    /// or null. An IP address written as a dNSName is refused: it must be an iPAddress (RFC 5280 4.2.1.6).
    /// </summary>
    public static string? DnsNameProblem(string name, bool allowWildcard)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }
        if (name.Length > 253)
        {
            return "is longer than 253 characters";
        }
        if (IPAddress.TryParse(name, out _) && name.Count(c => c == '.') == 3 || name.Contains(':', StringComparison.Ordinal))
        {
            return "is an IP address";
        }

        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (i == 0 && allowWildcard && label == "*" && labels.Length > 1)
            {
                continue;
            }
            if (label.Length is 0 or > 63)
            {
                return "has an empty or over-long label";
            }
            if (label[0] == '-' || label[^1] == '-')
            {
                return "has a label starting or ending with a hyphen";
            }
            if (label.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                return "has a character other than a letter, digit or hyphen";
            }
        }

        return null;
    }

    /// <summary>Whether the certificate's issuer is its subject and its own key verifies its signature.</summary>
    public static bool IsSelfSigned(X509Certificate cert)
    {
        if (!CertificateFacts.IsSelfIssued(cert))
        {
            return false;
        }

        try
        {
            return SignatureChecks.Verify(cert, cert.GetPublicKey()).Failure == PathValidationFailure.None;
        }
        catch (Exception e) when (Common.UntrustedInput.IsDecodingFailure(e))
        {
            return false;
        }
    }

    private static bool IsMailbox(string mailbox)
    {
        var at = mailbox.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == mailbox.LastIndexOf('@') && at < mailbox.Length - 1 && !mailbox.Any(char.IsWhiteSpace);
    }

    private static bool HasAccessDescriptions(X509Certificate cert)
    {
        try
        {
            return CertificateFacts.GetAuthorityInformationAccess(cert) is { Count: > 0 };
        }
        catch (Exception e) when (Common.UntrustedInput.IsDecodingFailure(e))
        {
            return false;
        }
    }

    private static bool IsCritical(X509Certificate cert, DerObjectIdentifier oid) =>
        cert.GetCriticalExtensionOids()?.Contains(oid.Id) == true;

    private static bool IsEmpty(X509Name name) => Asn1Sequence.GetInstance(name.ToAsn1Object()).Count == 0;

    private static bool HasExplicitCurve(X509Certificate cert)
    {
        var algorithm = cert.SubjectPublicKeyInfo.Algorithm;
        if (!X9ObjectIdentifiers.IdECPublicKey.Equals(algorithm.Algorithm) || algorithm.Parameters is null)
        {
            return false;
        }

        return algorithm.Parameters.ToAsn1Object() is Asn1Sequence;
    }
}
