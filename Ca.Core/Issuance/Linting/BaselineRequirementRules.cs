using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using KU = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Ca.Core.Issuance.Linting;

/// <summary>
/// CA/Browser Forum TLS Baseline Requirements for subscriber certificates, applied to profiles that
/// declare them (<see cref="Profiles.CertificateProfile.BaselineRequirements"/>).
/// </summary>
internal static class BaselineRequirementRules
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string DomainValidated = "2.23.140.1.2.1";
    private const string OrganizationValidated = "2.23.140.1.2.2";
    private const string IndividualValidated = "2.23.140.1.2.3";

    private static readonly Func<LintContext, bool> TlsSubscriber = c => c.Profile.BaselineRequirements && c.Kind == CertificateKind.Subscriber;

    private static readonly HashSet<DerObjectIdentifier> SignatureAlgorithms =
    [
        PkcsObjectIdentifiers.Sha256WithRsaEncryption, PkcsObjectIdentifiers.Sha384WithRsaEncryption, PkcsObjectIdentifiers.Sha512WithRsaEncryption,
        PkcsObjectIdentifiers.IdRsassaPss, X9ObjectIdentifiers.ECDsaWithSha256, X9ObjectIdentifiers.ECDsaWithSha384, X9ObjectIdentifiers.ECDsaWithSha512,
    ];

    /// <summary>SC-081's schedule of the maximum validity period: (issued on or after, days).</summary>
    private static readonly (DateTime From, int Days)[] MaximumValidity =
    [
        (new DateTime(2029, 3, 15, 0, 0, 0, DateTimeKind.Utc), 47),
        (new DateTime(2027, 3, 15, 0, 0, 0, DateTimeKind.Utc), 100),
        (new DateTime(2026, 3, 15, 0, 0, 0, DateTimeKind.Utc), 200),
        (DateTime.MinValue, 398),
    ];

    public static IEnumerable<LintRule> All { get; } =
    [
        new("br.6.1.5.subject-key", "The key is RSA of at least 2048 bits (modulus a multiple of 8, odd exponent ≥ 65537) or ECDSA on P-256, P-384 or P-521 (BR 6.1.5, 6.1.6).", TlsSubscriber, c =>
        {
            var spki = c.Tbs.SubjectPublicKeyInfo;
            switch (c.KeyFamily)
            {
                case "rsa":
                    var rsa = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
                    var bits = rsa.Modulus.BitLength;
                    return bits < 2048 || bits % 8 != 0 ? $"RSA modulus of {bits} bits."
                        : !rsa.PublicExponent.TestBit(0) || rsa.PublicExponent.BitLength < 17 ? "RSA public exponent is even or below 65537."
                        : null;
                case "ec":
                    var curve = spki.Algorithm.Parameters?.ToAsn1Object() as DerObjectIdentifier;
                    return curve is not null && (curve.Equals(SecObjectIdentifiers.SecP256r1) || curve.Equals(SecObjectIdentifiers.SecP384r1) || curve.Equals(SecObjectIdentifiers.SecP521r1))
                        ? null : $"EC curve {curve?.Id ?? "(explicit parameters)"} is not P-256, P-384 or P-521.";
                default:
                    return $"a {c.KeyFamily} key is not allowed in a TLS certificate.";
            }
        }),
        new("br.6.3.2.validity-period", "The validity period (notAfter − notBefore + 1 s) is at most the BR maximum when issued: 398 days, 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15 (BR 6.3.2, SC-081).", TlsSubscriber, c =>
        {
            var notBefore = c.Tbs.StartDate.ToDateTime();
            var seconds = (c.Tbs.EndDate.ToDateTime() - notBefore).TotalSeconds + 1;
            var limit = MaximumValidity.First(m => notBefore >= m.From).Days;
            return seconds <= limit * 86400.0 ? null : $"validity period of {Rfc5280Rules.Days(seconds / 86400)} days exceeds {limit}.";
        }),
        new("br.7.1.2.7.10.extended-key-usage", "extendedKeyUsage holds id-kp-serverAuth, optionally id-kp-clientAuth, nothing else (BR 7.1.2.7.10).", TlsSubscriber, c =>
            c.ExtendedKeyUsages is not { } ekus ? "extendedKeyUsage is missing."
            : !ekus.Contains(ServerAuth) ? "id-kp-serverAuth is missing."
            : ekus.Except([ServerAuth, ClientAuth]).ToList() is { Count: > 0 } others ? $"purposes {string.Join(", ", others)} are not allowed."
            : null),
        new("br.7.1.2.7.11.key-usage", "keyUsage asserts digitalSignature and otherwise only keyEncipherment (RSA) or keyAgreement (EC) (BR 7.1.2.7.11).", TlsSubscriber, c =>
        {
            var bits = c.KeyUsageBits ?? 0;
            var allowed = KU.DigitalSignature | (c.KeyFamily == "rsa" ? KU.KeyEncipherment : c.KeyFamily == "ec" ? KU.KeyAgreement : 0);
            return (bits & KU.DigitalSignature) == 0 ? "digitalSignature is missing."
                : (bits & ~allowed) != 0 ? $"keyUsage {new KU(bits & ~allowed)} is not allowed."
                : null;
        }),
        new("br.7.1.2.7.12.subject-alt-name", "subjectAltName is present with at least one entry, only dNSName and iPAddress (BR 7.1.2.7.12).", TlsSubscriber, c =>
            c.SubjectAltNames is not { Count: > 0 } names ? "subjectAltName is missing or empty."
            : names.Any(n => n.TagNo is not (GeneralName.DnsName or GeneralName.IPAddress)) ? "subjectAltName holds a name that is neither dNSName nor iPAddress."
            : null),
        new("br.7.1.2.7.7.authority-info-access", "authorityInfoAccess gives the issuer certificate over HTTP (id-ad-caIssuers) (BR 7.1.2.7.7).", TlsSubscriber, c =>
            c.Extension(X509Extensions.AuthorityInfoAccess) is { } aia
            && AuthorityInformationAccess.GetInstance(aia.GetParsedValue()).GetAccessDescriptions()
                .Any(d => d.AccessMethod.Equals(AccessDescription.IdADCAIssuers) && IsHttpUri(d.AccessLocation))
                ? null : "no HTTP id-ad-caIssuers access description."),
        new("br.7.1.2.11.2.crl-distribution-points", "cRLDistributionPoints, when present, gives each CRL by an HTTP URI; without an OCSP URL it must be present (BR 7.1.2.11.2).", TlsSubscriber, c =>
        {
            if (c.Extension(X509Extensions.CrlDistributionPoints) is not { } cdp)
            {
                var hasOcsp = c.Extension(X509Extensions.AuthorityInfoAccess) is { } aia
                    && AuthorityInformationAccess.GetInstance(aia.GetParsedValue()).GetAccessDescriptions().Any(d => d.AccessMethod.Equals(AccessDescription.IdADOcsp));
                return hasOcsp ? null : "neither cRLDistributionPoints nor an OCSP URL.";
            }

            var points = CrlDistPoint.GetInstance(cdp.GetParsedValue()).GetDistributionPoints();
            return points.Length > 0 && points.All(p => p.DistributionPointName?.Name is GeneralNames names && names.GetNames().Any(IsHttpUri))
                ? null : "a distribution point has no HTTP URI.";
        }),
        new("br.7.1.3.2.signature-algorithm", "The issuer signs with RSA PKCS#1 v1.5 or PSS over SHA-2, or ECDSA over SHA-2 (BR 7.1.3.2).", TlsSubscriber, c =>
            SignatureAlgorithms.Contains(c.Tbs.Signature.Algorithm) ? null : $"signature algorithm {c.Tbs.Signature.Algorithm.Id} is not allowed."),
        new("br.7.1.4.2.no-organizational-unit", "The subject has no organizationalUnitName (BR 7.1.4.2).", TlsSubscriber, c =>
            c.SubjectValues(X509Name.OU).Count == 0 ? null : "organizationalUnitName is present."),
        new("br.7.1.4.2.organization-location", "An organizationName comes with countryName and a localityName or stateOrProvinceName (BR 7.1.4.2).", TlsSubscriber, c =>
            c.SubjectValues(X509Name.O).Count == 0 ? null
            : c.SubjectValues(X509Name.C).Count == 0 ? "organizationName without countryName."
            : c.SubjectValues(X509Name.L).Count == 0 && c.SubjectValues(X509Name.ST).Count == 0 ? "organizationName without localityName or stateOrProvinceName."
            : null),
        new("br.7.1.4.3.cn-in-san", "A commonName is a character-for-character copy of one subjectAltName (dNSName, or an iPAddress in its textual form) (BR 7.1.4.3).", TlsSubscriber, c =>
        {
            var names = (c.SubjectAltNames ?? []).Select(n => n.TagNo switch
            {
                GeneralName.DnsName => DerIA5String.GetInstance(n.Name).GetString(),
                GeneralName.IPAddress => new IPAddress(Asn1OctetString.GetInstance(n.Name).GetOctets()).ToString(),
                _ => null,
            }).ToHashSet(StringComparer.Ordinal);
            var missing = c.SubjectValues(X509Name.CN).Where(cn => !names.Contains(cn)).ToList();
            return missing.Count == 0 ? null : $"commonName '{missing[0]}' is not one of the subjectAltNames.";
        }),
        new("br.7.1.6.4.reserved-policy", "certificatePolicies holds exactly one CA/B reserved TLS policy, matching the subject: 2.23.140.1.2.1 without organisation or person, 2.23.140.1.2.2 with organizationName (BR 7.1.6.4, 7.1.2.7.2).", TlsSubscriber, c =>
        {
            var reserved = (c.PolicyOids ?? []).Where(o => o.StartsWith("2.23.140.1.2.", StringComparison.Ordinal)).ToList();
            if (reserved.Count != 1)
            {
                return $"{reserved.Count} CA/B reserved TLS policy OIDs instead of one.";
            }

            var hasOrganization = c.SubjectValues(X509Name.O).Count > 0;
            var identifiesSomeone = hasOrganization || c.SubjectAttributes.Any(a => a.Type.Equals(X509Name.GivenName) || a.Type.Equals(X509Name.Surname) || a.Type.Equals(X509Name.L) || a.Type.Equals(X509Name.ST) || a.Type.Equals(X509Name.Street) || a.Type.Equals(X509Name.PostalCode) || a.Type.Id == "2.5.4.97");
            return reserved[0] switch
            {
                DomainValidated when identifiesSomeone => "domain validated (2.23.140.1.2.1) but the subject names an organisation, person or place.",
                OrganizationValidated when !hasOrganization => "organisation validated (2.23.140.1.2.2) without organizationName.",
                DomainValidated or OrganizationValidated or IndividualValidated => null,
                var other => $"{other} is not a TLS validation level this CA issues.",
            };
        }),
    ];

    private static bool IsHttpUri(GeneralName name) =>
        name.TagNo == GeneralName.UniformResourceIdentifier && DerIA5String.GetInstance(name.Name).GetString().StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
