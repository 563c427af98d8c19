using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance.Linting;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Issuance;

/// <summary>
/// Builds and signs subscriber certificates. Only the extensions the profile defines are written;
/// nothing is copied from the CSR beyond its key, subject and (validated) SANs.
/// </summary>
public static class LeafCertificateBuilder
{
    /// <summary>Everything that goes into one subscriber certificate.</summary>
    /// <param name="Issuer">The signing CA.</param>
    /// <param name="Profile">The profile.</param>
    /// <param name="Subject">The encoded subject (may be empty when SANs carry the identity).</param>
    /// <param name="PublicKey">The subscriber key.</param>
    /// <param name="KeyAlgorithm">The subscriber key's algorithm (decides key usage bits).</param>
    /// <param name="Sans">Validated SANs.</param>
    /// <param name="Serial">The serial number.</param>
    /// <param name="NotBefore">Validity start.</param>
    /// <param name="NotAfter">Validity end.</param>
    public sealed record Template(
        CertificateAuthority Issuer,
        CertificateProfile Profile,
        X509Name Subject,
        SubjectPublicKeyInfo PublicKey,
        KeyAlgorithm KeyAlgorithm,
        IReadOnlyList<SubjectAltName> Sans,
        SerialNumber Serial,
        DateTimeOffset NotBefore,
        DateTimeOffset NotAfter);

    /// <summary>Builds and signs the certificate with the issuer's key.</summary>
    public static X509Certificate Build(Template t, PublicUrls urls, bool advertiseDeltaCrl = true)
    {
        var generator = IssuedCertificateGenerator.Create(t.Issuer, t.Subject, t.PublicKey, t.Serial, t.NotBefore, t.NotAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsageBits(t.Profile.KeyUsages, t.KeyAlgorithm)));
        var purposes = ExtendedKeyUsagesFor(t.Profile, t.Sans);
        if (purposes.Count > 0)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(purposes.ToArray()));
        }

        if (t.Sans.Count > 0)
        {
            // RFC 5280 4.2.1.6: critical when the subject is empty.
            generator.AddExtension(X509Extensions.SubjectAlternativeName, t.Subject.GetOidList().Count == 0, SubjectAltNames.Encode(t.Sans));
        }

        generator.AddKeyIdentifiers(t.Issuer, t.PublicKey);
        generator.AddExtension(X509Extensions.CrlDistributionPoints, false, CertificateExtensions.DistributionPoints(urls.Crl(t.Issuer.Id)));
        generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, CertificateExtensions.AuthorityInformationAccess(urls.CaCertificate(t.Issuer.Id), urls.Ocsp));
        if (advertiseDeltaCrl)
        {
            // RFC 5280 4.2.1.15: where the delta CRLs that complete the CDP's CRL are found.
            generator.AddExtension(X509Extensions.FreshestCrl, false, CertificateExtensions.DistributionPoints(urls.DeltaCrl(t.Issuer.Id)));
        }
        var policies = PolicyOidsFor(t.Profile, t.Subject);
        if (policies.Count > 0)
        {
            generator.AddExtension(X509Extensions.CertificatePolicies, false,
                new CertificatePolicies(policies.Select(o => new PolicyInformation(new DerObjectIdentifier(o))).ToArray()));
        }

        return generator.Sign(t.Issuer, new LintProfile(CertificateKind.Subscriber, t.Profile.BaselineRequirements, policies));
    }

    /// <summary>
    /// The profile's policies; under the Baseline Requirements preceded by the CA/B Forum reserved OID
    /// of the validation level the subject shows: organisation validated when it names an organisation,
    /// domain validated otherwise (BR 7.1.6.4).
    /// </summary>
    public static IReadOnlyList<string> PolicyOidsFor(CertificateProfile profile, X509Name subject)
    {
        if (!profile.BaselineRequirements)
        {
            return profile.PolicyOids;
        }

        var reserved = subject.GetValueList(X509Name.O).Count > 0 ? ServicePolicyOids.CabForumOrganizationValidated : ServicePolicyOids.CabForumDomainValidated;
        return [reserved, .. profile.PolicyOids.Where(o => !o.StartsWith("2.23.140.1.2.", StringComparison.Ordinal))];
    }

    /// <summary>
    /// The profile's extended key usages, without emailProtection when the certificate names no e-mail
    /// address in an rfc822Name: S/MIME clients look for the mailbox there, and a certificate for mail
    /// that names none is one linters (and the CA/B S/MIME requirements) reject.
    /// </summary>
    public static IReadOnlyList<DerObjectIdentifier> ExtendedKeyUsagesFor(CertificateProfile profile, IReadOnlyList<SubjectAltName> sans)
    {
        var hasMailbox = sans.Any(s => s.Type == SanType.Email);
        return profile.ExtendedKeyUsages.Select(ExtendedKeyUsageNames.ToOid)
            .Where(oid => hasMailbox || oid.Id != "1.3.6.1.5.5.7.3.4")
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// The profile's key usage, restricted to what the key can do: encipherment only for RSA, key
    /// agreement only for EC (CA/B BR 7.1.2.7.11; RFC 8813 for ECDSA).
    /// </summary>
    public static int KeyUsageBits(IEnumerable<KeyUsageName> usages, KeyAlgorithm algorithm)
    {
        var isRsa = algorithm is KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096;
        var isEc = algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384;
        var bits = 0;
        foreach (var usage in usages)
        {
            bits |= usage switch
            {
                KeyUsageName.DigitalSignature => KeyUsage.DigitalSignature,
                KeyUsageName.NonRepudiation => KeyUsage.NonRepudiation,
                KeyUsageName.KeyEncipherment when isRsa => KeyUsage.KeyEncipherment,
                KeyUsageName.DataEncipherment when isRsa => KeyUsage.DataEncipherment,
                KeyUsageName.KeyAgreement when isEc => KeyUsage.KeyAgreement,
                _ => 0,
            };
        }

        return bits == 0 ? KeyUsage.DigitalSignature : bits;
    }
}
