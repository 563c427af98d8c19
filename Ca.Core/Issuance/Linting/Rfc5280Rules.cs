using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Utilities;
using KU = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Ca.Core.Issuance.Linting;

/// <summary>RFC 5280 (and the algorithm RFCs 3279, 5480, 8410 it defers to): what any certificate we sign must be.</summary>
internal static class Rfc5280Rules
{
    private static readonly Func<LintContext, bool> Always = _ => true;
    private static readonly Func<LintContext, bool> NotRoot = c => c.Kind != CertificateKind.Root;

    /// <summary>Upper bounds of attribute values (RFC 5280 appendix A.1, ub-*).</summary>
    private static readonly Dictionary<DerObjectIdentifier, (string Name, int Max)> UpperBounds = new()
    {
        [X509Name.CN] = ("CN", 64),
        [X509Name.O] = ("O", 64),
        [X509Name.OU] = ("OU", 64),
        [X509Name.L] = ("L", 128),
        [X509Name.ST] = ("ST", 128),
        [X509Name.SerialNumber] = ("serialNumber", 64),
        [X509Name.EmailAddress] = ("emailAddress", 255),
        [X509Name.T] = ("title", 64),
        [X509Name.GivenName] = ("givenName", 32768),
        [X509Name.Surname] = ("surname", 32768),
    };

    /// <summary>Extensions that RFC 5280 says MUST (AKI, SKI, AIA, freshestCRL) or SHOULD (CRL DP) be non-critical.</summary>
    private static readonly (DerObjectIdentifier Oid, string Name)[] NonCritical =
    [
        (X509Extensions.AuthorityKeyIdentifier, "authorityKeyIdentifier"),
        (X509Extensions.SubjectKeyIdentifier, "subjectKeyIdentifier"),
        (X509Extensions.AuthorityInfoAccess, "authorityInfoAccess"),
        (X509Extensions.FreshestCrl, "freshestCRL"),
        (X509Extensions.CrlDistributionPoints, "cRLDistributionPoints"),
    ];

    public static IEnumerable<LintRule> All { get; } =
    [
        new("rfc5280.4.1.2.1.version", "A certificate with extensions is version 3 (RFC 5280 4.1.2.1).", Always, c =>
        {
            var first = c.Raw.Count > 0 ? c.Raw[0] : null;
            return first is Asn1TaggedObject { TagNo: 0 } tagged && DerInteger.GetInstance(tagged.GetExplicitBaseObject()).HasValue(2)
                ? null
                : "the version is not v3 (explicit [0] INTEGER 2).";
        }),
        new("rfc5280.4.2.unique-extensions", "No extension appears twice (RFC 5280 4.2).", Always, c =>
        {
            var extensions = c.Raw.Cast<Asn1Encodable>().OfType<Asn1TaggedObject>().FirstOrDefault(t => t.TagNo == 3);
            if (extensions is null)
            {
                return null;
            }

            var oids = Asn1Sequence.GetInstance(extensions.GetExplicitBaseObject()).Cast<Asn1Encodable>()
                .Select(e => DerObjectIdentifier.GetInstance(Asn1Sequence.GetInstance(e)[0]).Id).ToList();
            var repeated = oids.GroupBy(o => o).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            return repeated.Count == 0 ? null : $"repeated extension(s): {string.Join(", ", repeated)}.";
        }),
        new("rfc5280.4.1.structure", "The TBSCertificate decodes as RFC 5280 4.1 defines it.", Always, c =>
            c.ParsedTbs is null ? "the TBSCertificate does not decode." : null),
        new("rfc5280.4.1.2.2.serial-positive", "The serial number is a positive integer (RFC 5280 4.1.2.2).", Always, c =>
            c.Tbs.SerialNumber.Value.SignValue > 0 ? null : $"the serial number {c.Tbs.SerialNumber.Value} is not positive."),
        new("rfc5280.4.1.2.2.serial-length", "The serial number is at most 20 octets (RFC 5280 4.1.2.2).", Always, c =>
            c.Tbs.SerialNumber.Value.ToByteArray().Length <= 20 ? null : $"the serial number is {c.Tbs.SerialNumber.Value.ToByteArray().Length} octets."),
        new("rfc5280.4.1.2.3.signature-algorithm", "The TBS signature field names the algorithm the issuer signs with (RFC 5280 4.1.2.3).", Always, c =>
            c.Tbs.Signature.Equals(c.SigningAlgorithm) ? null : $"the TBS says {c.Tbs.Signature.Algorithm.Id}, the issuer signs with {c.SigningAlgorithm.Algorithm.Id}."),
        new("rfc5280.4.1.2.4.issuer-name", "The issuer name is the issuing CA's subject, byte for byte (RFC 5280 4.1.2.4, 6.1.3).", Always, c =>
        {
            var expected = c.Issuer?.SubjectDN ?? c.Tbs.Subject;
            if (c.Tbs.Issuer.GetOidList().Count == 0)
            {
                return "the issuer name is empty.";
            }

            return Arrays.AreEqual(c.Tbs.Issuer.GetDerEncoded(), expected.GetDerEncoded()) ? null : $"issuer '{c.Tbs.Issuer}' is not the CA's subject '{expected}'.";
        }),
        new("rfc5280.4.1.2.5.validity-order", "notBefore is before notAfter (RFC 5280 4.1.2.5).", Always, c =>
            c.Tbs.StartDate.ToDateTime() < c.Tbs.EndDate.ToDateTime() ? null : "notAfter is not after notBefore."),
        new("rfc5280.4.1.2.5.time-encoding", "Dates through 2049 are UTCTime, from 2050 GeneralizedTime (RFC 5280 4.1.2.5).", Always, c =>
        {
            foreach (var (name, time) in new[] { ("notBefore", c.Tbs.StartDate), ("notAfter", c.Tbs.EndDate) })
            {
                var isUtc = time.ToAsn1Object() is Asn1UtcTime;
                if (isUtc != (time.ToDateTime().Year < 2050))
                {
                    return $"{name} {time.ToDateTime():O} is encoded as {(isUtc ? "UTCTime" : "GeneralizedTime")}.";
                }
            }

            return null;
        }),
        new("rfc5280.4.1.2.8.no-unique-identifiers", "issuerUniqueID and subjectUniqueID are absent (RFC 5280 4.1.2.8).", Always, c =>
            c.Tbs.IssuerUniqueID is null && c.Tbs.SubjectUniqueID is null ? null : "a unique identifier is present."),
        new("rfc5280.4.1.2.6.directory-string", "Subject strings are UTF8String or PrintableString, C a two-letter PrintableString, emailAddress IA5String (RFC 5280 4.1.2.4, 4.1.2.6).", Always, c =>
        {
            foreach (var (type, value) in c.SubjectAttributes)
            {
                var ok = type.Equals(X509Name.C) ? value is DerPrintableString p && p.GetString().Length == 2
                    : type.Equals(X509Name.EmailAddress) || type.Equals(X509Name.DC) ? value is DerIA5String
                    : value is DerUtf8String or DerPrintableString;
                if (!ok)
                {
                    return $"subject attribute {type.Id} is a {value.GetType().Name}.";
                }
            }

            return null;
        }),
        new("rfc5280.appendix-a.upper-bounds", "Subject attribute values respect the X.520 upper bounds (RFC 5280 appendix A.1).", Always, c =>
        {
            foreach (var (type, value) in c.SubjectAttributes)
            {
                if (UpperBounds.TryGetValue(type, out var bound) && value is IAsn1String s && s.GetString().Length > bound.Max)
                {
                    return $"{bound.Name} is {s.GetString().Length} characters, more than {bound.Max}.";
                }
            }

            return null;
        }),
        new("rfc5280.4.2.1.1.authority-key-identifier", "A non-self-signed certificate has a non-critical AKI naming the issuer's key (RFC 5280 4.2.1.1).", NotRoot, c =>
        {
            var extension = c.Extension(X509Extensions.AuthorityKeyIdentifier);
            if (extension is null)
            {
                return "authorityKeyIdentifier is missing.";
            }

            if (extension.IsCritical)
            {
                return "authorityKeyIdentifier is critical.";
            }

            var keyId = AuthorityKeyIdentifier.GetInstance(extension.GetParsedValue()).KeyIdentifier?.GetOctets();
            var issuerSki = c.Issuer?.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } ski
                ? SubjectKeyIdentifier.GetInstance(Asn1OctetString.GetInstance(ski).GetOctets()).GetKeyIdentifier()
                : null;
            return keyId is not null && (issuerSki is null || Arrays.AreEqual(keyId, issuerSki)) ? null : "the AKI keyIdentifier is not the issuer's subjectKeyIdentifier.";
        }),
        new("rfc5280.4.2.1.2.subject-key-identifier", "A non-critical subjectKeyIdentifier is present (RFC 5280 4.2.1.2: MUST for CAs, SHOULD otherwise).", Always, c =>
            c.Extension(X509Extensions.SubjectKeyIdentifier) is { IsCritical: false } ski && SubjectKeyIdentifier.GetInstance(ski.GetParsedValue()).GetKeyIdentifier().Length > 0
                ? null
                : "subjectKeyIdentifier is missing, empty or critical."),
        new("rfc5280.4.2.1.3.key-usage", "keyUsage is present, critical and asserts at least one bit (RFC 5280 4.2.1.3).", Always, c =>
            c.Extension(X509Extensions.KeyUsage) is not { } ku ? "keyUsage is missing."
            : !ku.IsCritical ? "keyUsage is not critical."
            : KeyUsage.GetInstance(ku.GetParsedValue()).IntValue == 0 ? "keyUsage asserts no bit."
            : null),
        new("rfc5280.4.2.1.3.key-usage-matches-key", "keyUsage bits are ones the key type can have (RFC 3279 2.3.1 for RSA, RFC 5480 3 for EC, RFC 8410 5 for Ed25519).", Always, c =>
        {
            if (c.KeyUsageBits is not { } bits)
            {
                return null;
            }

            var forbidden = c.KeyFamily switch
            {
                "rsa" => KU.KeyAgreement | KU.EncipherOnly | KU.DecipherOnly,
                "ec" => KU.KeyEncipherment | KU.DataEncipherment,
                "ed25519" => KU.KeyEncipherment | KU.DataEncipherment | KU.KeyAgreement | KU.EncipherOnly | KU.DecipherOnly,
                _ => 0,
            };
            var bad = bits & forbidden;
            return bad == 0 ? null : $"keyUsage {new KeyUsage(bad)} is not possible with a {c.KeyFamily} key.";
        }),
        new("rfc5280.4.2.1.3.cert-sign-only-ca", "keyCertSign is asserted only with basicConstraints cA (RFC 5280 4.2.1.3, 4.2.1.9).", Always, c =>
            c.KeyUsageBits is { } bits && (bits & KU.KeyCertSign) != 0 && c.BasicConstraints?.IsCA() != true ? "keyCertSign without cA." : null),
        new("rfc5280.4.2.1.9.basic-constraints", "A CA has critical basicConstraints with cA and keyCertSign; anything else is not a CA and has no pathLenConstraint (RFC 5280 4.2.1.9).", Always, c =>
        {
            var extension = c.Extension(X509Extensions.BasicConstraints);
            var constraints = c.BasicConstraints;
            if (c.IsCa)
            {
                return extension is null || !extension.IsCritical || constraints?.IsCA() != true ? "a CA certificate needs critical basicConstraints with cA TRUE."
                    : ((c.KeyUsageBits ?? 0) & KU.KeyCertSign) == 0 ? "a CA certificate needs keyCertSign."
                    : null;
            }

            return constraints?.IsCA() == true ? "a certificate that is not a CA asserts cA."
                : constraints?.PathLenConstraint is not null ? "pathLenConstraint without cA."
                : null;
        }),
        new("rfc5280.4.2.1.4.policies-unique", "No policy OID appears twice in certificatePolicies (RFC 5280 4.2.1.4).", Always, c =>
            c.PolicyOids is { } oids && oids.Distinct(StringComparer.Ordinal).Count() != oids.Count ? "a policy OID appears twice." : null),
        new("rfc5280.4.2.1.6.san-syntax", "subjectAltName holds at least one well-formed name: preferred-syntax DNS names, 4- or 16-octet IPs, ASCII mailboxes, absolute URIs (RFC 5280 4.2.1.6).", c => c.Extension(X509Extensions.SubjectAlternativeName) is not null, c =>
        {
            var names = c.SubjectAltNames!;
            if (names.Count == 0)
            {
                return "subjectAltName is empty.";
            }

            foreach (var name in names)
            {
                var problem = name.TagNo switch
                {
                    GeneralName.DnsName => IsPreferredDnsSyntax(DerIA5String.GetInstance(name.Name).GetString()) ? null : $"dNSName '{DerIA5String.GetInstance(name.Name).GetString()}' is not in preferred name syntax.",
                    GeneralName.IPAddress => Asn1OctetString.GetInstance(name.Name).GetOctets().Length is 4 or 16 ? null : "iPAddress is neither 4 nor 16 octets.",
                    GeneralName.Rfc822Name => Issuance.SubjectAltNames.IsValidEmail(DerIA5String.GetInstance(name.Name).GetString()) ? null : $"rfc822Name '{DerIA5String.GetInstance(name.Name).GetString()}' is not a mailbox.",
                    GeneralName.UniformResourceIdentifier => Uri.TryCreate(DerIA5String.GetInstance(name.Name).GetString(), UriKind.Absolute, out _) ? null : "a URI is not absolute.",
                    _ => null,
                };
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }),
        new("rfc5280.4.2.1.6.empty-subject-needs-critical-san", "An empty subject comes with a critical subjectAltName (RFC 5280 4.1.2.6, 4.2.1.6).", c => c.Tbs.Subject.GetOidList().Count == 0, c =>
            c.Extension(X509Extensions.SubjectAlternativeName) is { IsCritical: true } ? null : "the subject is empty and subjectAltName is missing or not critical."),
        new("rfc5280.4.2.1.12.eku-not-empty", "extendedKeyUsage, when present, names at least one purpose (RFC 5280 4.2.1.12).", c => c.Extension(X509Extensions.ExtendedKeyUsage) is not null, c =>
            c.ExtendedKeyUsages!.Count > 0 ? null : "extendedKeyUsage is empty."),
        new("rfc5280.4.2.non-critical-extensions", "AKI, SKI, authorityInfoAccess, freshestCRL and cRLDistributionPoints are non-critical (RFC 5280 4.2.1.1, 4.2.1.2, 4.2.1.13, 4.2.1.15, 4.2.2.1).", Always, c =>
        {
            var critical = NonCritical.Where(e => c.Extension(e.Oid) is { IsCritical: true }).Select(e => e.Name).ToList();
            return critical.Count == 0 ? null : $"{string.Join(", ", critical)} marked critical.";
        }),
    ];

    /// <summary>RFC 1034 3.5 preferred name syntax (LDH labels, A-labels for IDNs), with an optional leading wildcard label.</summary>
    internal static bool IsPreferredDnsSyntax(string name)
    {
        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        var labels = name.Split('.');
        return name.Length is > 0 and <= 253 && labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
    }

    internal static string Days(double days) => days.ToString("0.##", CultureInfo.InvariantCulture);
}
