using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.X509;

namespace Ca.Core.Issuance.Linting;

/// <summary>
/// The to-be-signed certificate as the rules see it: the raw DER sequence (for what a parser would
/// silently normalise: version, repeated extensions), the parsed structure, and decoded views of the
/// extensions the rules ask about. Views decode lazily; a malformed extension throws, and the linter
/// reports that as the rule's finding.
/// </summary>
public sealed class LintContext
{
    private LintContext(Asn1Sequence raw, TbsCertificateStructure? tbs, LintProfile profile, X509Certificate? issuer, AlgorithmIdentifier signingAlgorithm)
    {
        Raw = raw;
        ParsedTbs = tbs;
        Profile = profile;
        Issuer = issuer;
        SigningAlgorithm = signingAlgorithm;
    }

    /// <summary>The TBSCertificate sequence as encoded.</summary>
    public Asn1Sequence Raw { get; }

    /// <summary>The parsed TBSCertificate; null when it does not parse.</summary>
    public TbsCertificateStructure? ParsedTbs { get; }

    /// <summary>The parsed TBSCertificate (rules only run when it parsed).</summary>
    public TbsCertificateStructure Tbs => ParsedTbs ?? throw new InvalidOperationException("The TBSCertificate did not parse.");

    /// <summary>What the certificate is meant to be.</summary>
    public LintProfile Profile { get; }

    /// <summary>The issuing CA's certificate; null for a self-signed root.</summary>
    public X509Certificate? Issuer { get; }

    /// <summary>The algorithm the CA key will sign with.</summary>
    public AlgorithmIdentifier SigningAlgorithm { get; }

    /// <summary>Shorthand for the profile's kind.</summary>
    public CertificateKind Kind => Profile.Kind;

    /// <summary>Whether the certificate is meant to be a CA.</summary>
    public bool IsCa => Kind is CertificateKind.Root or CertificateKind.SubordinateCa;

    /// <summary>Reads a TBSCertificate from DER; a sequence that is not even that is refused by the caller.</summary>
    public static LintContext Create(byte[] tbsDer, LintProfile profile, X509Certificate? issuer, AlgorithmIdentifier signingAlgorithm)
    {
        var raw = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(tbsDer));
        TbsCertificateStructure? tbs;
        try
        {
            tbs = TbsCertificateStructure.GetInstance(raw);
            _ = tbs.Extensions?.ExtensionOids;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException or IOException)
        {
            tbs = null;
        }

        return new LintContext(raw, tbs, profile, issuer, signingAlgorithm);
    }

    /// <summary>An extension, or null when absent.</summary>
    public X509Extension? Extension(DerObjectIdentifier oid) => Tbs.Extensions?.GetExtension(oid);

    /// <summary>subjectAltName entries; null when the extension is absent.</summary>
    public IReadOnlyList<GeneralName>? SubjectAltNames =>
        Extension(X509Extensions.SubjectAlternativeName) is { } e ? GeneralNames.GetInstance(e.GetParsedValue()).GetNames() : null;

    /// <summary>keyUsage bits (BouncyCastle's KeyUsage constants); null when absent.</summary>
    public int? KeyUsageBits =>
        Extension(X509Extensions.KeyUsage) is { } e ? KeyUsage.GetInstance(e.GetParsedValue()).IntValue : null;

    /// <summary>extendedKeyUsage purposes as dotted OIDs; null when absent.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages =>
        Extension(X509Extensions.ExtendedKeyUsage) is { } e ? ExtendedKeyUsage.GetInstance(e.GetParsedValue()).GetAllUsages().Select(o => o.Id).ToList() : null;

    /// <summary>certificatePolicies OIDs in order (duplicates kept); null when absent.</summary>
    public IReadOnlyList<string>? PolicyOids =>
        Extension(X509Extensions.CertificatePolicies) is { } e
            ? Asn1Sequence.GetInstance(e.GetParsedValue()).Cast<Asn1Encodable>().Select(p => PolicyInformation.GetInstance(p).PolicyIdentifier.Id).ToList()
            : null;

    /// <summary>basicConstraints; null when absent.</summary>
    public BasicConstraints? BasicConstraints =>
        Extension(X509Extensions.BasicConstraints) is { } e ? Org.BouncyCastle.Asn1.X509.BasicConstraints.GetInstance(e.GetParsedValue()) : null;

    /// <summary>Subject attributes in encoding order, with their encoded values.</summary>
    public IReadOnlyList<(DerObjectIdentifier Type, Asn1Encodable Value)> SubjectAttributes =>
        Asn1Sequence.GetInstance(Tbs.Subject.ToAsn1Object()).Cast<Asn1Encodable>()
            .SelectMany(rdn => Asn1Set.GetInstance(rdn).Cast<Asn1Encodable>())
            .Select(Asn1Sequence.GetInstance)
            .Select(a => (DerObjectIdentifier.GetInstance(a[0]), a[1]))
            .ToList();

    /// <summary>The string values of one subject attribute type.</summary>
    public IReadOnlyList<string> SubjectValues(DerObjectIdentifier type) =>
        SubjectAttributes.Where(a => a.Type.Equals(type)).Select(a => a.Value is IAsn1String s ? s.GetString() : a.Value.ToString() ?? string.Empty).ToList();

    /// <summary>The subject key's family: rsa, ec, ed25519 or the algorithm OID.</summary>
    public string KeyFamily
    {
        get
        {
            var oid = Tbs.SubjectPublicKeyInfo.Algorithm.Algorithm;
            return oid.Equals(PkcsObjectIdentifiers.RsaEncryption) ? "rsa"
                : oid.Equals(X9ObjectIdentifiers.IdECPublicKey) ? "ec"
                : oid.Equals(EdECObjectIdentifiers.id_Ed25519) ? "ed25519"
                : oid.Id;
        }
    }
}
