using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Ca.Tests.Validation;

/// <summary>
/// Synthetic PKI for specification tests: fast ECDSA P-256 keys (generated once per process) and small builders for
/// certificates and CRLs with fixed dates, so tests never depend on the clock.
/// </summary>
internal static class TestPki
{
    public static readonly DateTime NotBefore = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime NotAfter = new(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTimeOffset ValidationTime = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly SecureRandom Random = new();
    private static readonly Lazy<AsymmetricCipherKeyPair[]> Keys = new(() => Enumerable.Range(0, 6).Select(_ => NewKey()).ToArray());
    private static long _serial = 1000;

    public static AsymmetricCipherKeyPair RootKey => Keys.Value[0];
    public static AsymmetricCipherKeyPair IntermediateKey => Keys.Value[1];
    public static AsymmetricCipherKeyPair EndEntityKey => Keys.Value[2];
    public static AsymmetricCipherKeyPair OtherKey => Keys.Value[3];
    public static AsymmetricCipherKeyPair SubCaKey => Keys.Value[4];

    public static X509Name Name(string cn) => new($"C=US,O=PkiService Tests,CN={cn}");

    /// <summary>Options for one certificate; defaults give a valid CA certificate.</summary>
    public sealed record CertSpec
    {
        public required string Subject { get; init; }
        public required AsymmetricKeyParameter PublicKey { get; init; }
        public bool IsCa { get; init; } = true;
        public int? PathLength { get; init; }
        public int? KeyUsage { get; init; }
        public DateTime NotBefore { get; init; } = TestPki.NotBefore;
        public DateTime NotAfter { get; init; } = TestPki.NotAfter;
        public NameConstraints? NameConstraints { get; init; }
        public GeneralNames? SubjectAltNames { get; init; }
        public IReadOnlyList<string>? ExtendedKeyUsages { get; init; }
        public IReadOnlyList<string>? Policies { get; init; }
        public IReadOnlyList<(string Oid, bool Critical, Asn1Encodable Value)> ExtraExtensions { get; init; } = [];
    }

    public static X509Certificate SelfSignedRoot(string cn = "Test Root") =>
        Issue(new CertSpec { Subject = cn, PublicKey = RootKey.Public, KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign }, Name(cn), RootKey.Private);

    public static X509Certificate Issue(CertSpec spec, X509Certificate issuer, AsymmetricKeyParameter issuerKey) =>
        Issue(spec, issuer.SubjectDN, issuerKey);

    public static X509Certificate Issue(CertSpec spec, X509Name issuerName, AsymmetricKeyParameter issuerKey)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        generator.SetIssuerDN(issuerName);
        generator.SetSubjectDN(Name(spec.Subject));
        generator.SetNotBefore(spec.NotBefore);
        generator.SetNotAfter(spec.NotAfter);
        generator.SetPublicKey(spec.PublicKey);

        // Key identifiers, as RFC 5280 4.2.1.1/4.2.1.2 require and the validator's profile rules check.
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(spec.PublicKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(PublicOf(issuerKey)));
        generator.AddExtension(X509Extensions.BasicConstraints, true,
            spec.IsCa ? (spec.PathLength is { } len ? new BasicConstraints(len) : new BasicConstraints(true)) : new BasicConstraints(false));
        var keyUsage = spec.KeyUsage ?? (spec.IsCa
            ? Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign
            : Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature);
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        if (spec.NameConstraints is { } nc)
        {
            generator.AddExtension(X509Extensions.NameConstraints, true, nc);
        }
        if (spec.SubjectAltNames is { } san)
        {
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, san);
        }
        if (spec.ExtendedKeyUsages is { } ekus)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                new DerSequence(ekus.Select(o => (Asn1Encodable)new DerObjectIdentifier(o)).ToArray()));
        }
        if (spec.Policies is { } policies)
        {
            generator.AddExtension(X509Extensions.CertificatePolicies, false,
                new DerSequence(policies.Select(p => (Asn1Encodable)new PolicyInformation(new DerObjectIdentifier(p))).ToArray()));
        }
        foreach (var (oid, critical, value) in spec.ExtraExtensions)
        {
            generator.AddExtension(new DerObjectIdentifier(oid), critical, value);
        }
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", issuerKey));
    }

    /// <summary>A CRL from <paramref name="issuer"/>; entries are (serial, revocation date, reason code).</summary>
    public static X509Crl Crl(
        X509Certificate issuer,
        AsymmetricKeyParameter issuerKey,
        IEnumerable<(BigInteger Serial, DateTime RevokedAt, int Reason)>? entries = null,
        DateTime? thisUpdate = null,
        DateTime? nextUpdate = null)
    {
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer.SubjectDN);
        generator.SetThisUpdate(thisUpdate ?? new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        generator.SetNextUpdate(nextUpdate ?? new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(Interlocked.Increment(ref _serial))));
        foreach (var (serial, revokedAt, reason) in entries ?? [])
        {
            generator.AddCrlEntry(serial, revokedAt, reason);
        }
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", issuerKey));
    }

    /// <summary>Returns a copy of the certificate with one bit of its signature flipped.</summary>
    public static X509Certificate Tamper(X509Certificate certificate)
    {
        var der = certificate.GetEncoded();
        der[^3] ^= 0x01;
        return new X509CertificateParser().ReadCertificate(der);
    }

    /// <summary>The public half of a private key (EC or RSA), for the authority key identifier.</summary>
    private static AsymmetricKeyParameter PublicOf(AsymmetricKeyParameter privateKey) => privateKey switch
    {
        ECPrivateKeyParameters ec => new ECPublicKeyParameters(ec.AlgorithmName, ec.Parameters.G.Multiply(ec.D).Normalize(), ec.PublicKeyParamSet),
        RsaPrivateCrtKeyParameters rsa => new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent),
        _ => throw new NotSupportedException(privateKey.GetType().Name),
    };

    public static AsymmetricCipherKeyPair NewKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, Random));
        return generator.GenerateKeyPair();
    }
}
