using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509.Extension;

namespace Ca.Tests.Support.Pki;

/// <summary>
/// The one test-PKI builder of the suite: roots, intermediates and leaves with any extension, criticality,
/// validity, key type, serial and version, including what RFC 5280 forbids (that is what validators are tested
/// with). The TBS is assembled field by field, so nothing is normalised behind the test's back.
/// </summary>
/// <example><code>
/// var root = TestCertificateBuilder.Root("Root").Build();
/// var ca = TestCertificateBuilder.Intermediate("CA", root).PathLength(0).Build();
/// var leaf = TestCertificateBuilder.Leaf("Leaf", ca).DnsNames("example.com").Build();
/// </code></example>
public sealed class TestCertificateBuilder
{
    /// <summary>Default notBefore: fixed, so tests never depend on the clock.</summary>
    public static readonly DateTime DefaultNotBefore = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Default notAfter.</summary>
    public static readonly DateTime DefaultNotAfter = new(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A time at which every default certificate is valid.</summary>
    public static readonly DateTimeOffset ValidationTime = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static long _serial = 0x1000;

    private readonly List<(DerObjectIdentifier Oid, bool Critical, byte[] Value)> extensions = [];
    private readonly TestCertificate? issuer;
    private X509Name subject;
    private X509Name? issuerName;
    private AsymmetricCipherKeyPair? key;
    private TestKeyType keyType = TestKeyType.EcP256;
    private bool explicitEcParameters;
    private AsymmetricKeyParameter? signingKey;
    private byte[] serial = BigInteger.ValueOf(Interlocked.Increment(ref _serial)).ToByteArray();
    private int version = 3;
    private Asn1Encodable notBefore = new Time(DefaultNotBefore);
    private Asn1Encodable notAfter = new Time(DefaultNotAfter);
    private AlgorithmIdentifier? outerAlgorithm;

    private TestCertificateBuilder(X509Name subject, TestCertificate? issuer)
    {
        this.subject = subject;
        this.issuer = issuer;
    }

    /// <summary>A distinguished name in the suite's style.</summary>
    public static X509Name Name(string cn) => new($"C=US,O=PkiService Tests,CN={cn}");

    /// <summary>A self-signed CA: critical basicConstraints cA, critical keyCertSign|cRLSign, SKI.</summary>
    public static TestCertificateBuilder Root(string cn = "Test Root") => Root(Name(cn));

    /// <inheritdoc cref="Root(string)"/>
    public static TestCertificateBuilder Root(X509Name subject) => new TestCertificateBuilder(subject, null)
        .Ca().KeyUsage(Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign).SubjectKeyIdentifier();

    /// <summary>A CA issued by <paramref name="issuer"/>: like a root, plus AKI.</summary>
    public static TestCertificateBuilder Intermediate(string cn, TestCertificate issuer) => Intermediate(Name(cn), issuer);

    /// <inheritdoc cref="Intermediate(string, TestCertificate)"/>
    public static TestCertificateBuilder Intermediate(X509Name subject, TestCertificate issuer) => new TestCertificateBuilder(subject, issuer ?? throw new ArgumentNullException(nameof(issuer)))
        .Ca().KeyUsage(Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign).SubjectKeyIdentifier().AuthorityKeyIdentifier();

    /// <summary>An end entity issued by <paramref name="issuer"/>: critical basicConstraints cA=false, digitalSignature, SKI, AKI.</summary>
    public static TestCertificateBuilder Leaf(string cn, TestCertificate issuer) => Leaf(Name(cn), issuer);

    /// <inheritdoc cref="Leaf(string, TestCertificate)"/>
    public static TestCertificateBuilder Leaf(X509Name subject, TestCertificate issuer) => new TestCertificateBuilder(subject, issuer ?? throw new ArgumentNullException(nameof(issuer)))
        .NotCa().KeyUsage(Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature).SubjectKeyIdentifier().AuthorityKeyIdentifier();

    /// <summary>Another subject name (an empty <see cref="X509Name"/> sequence via <see cref="EmptySubject"/>).</summary>
    public TestCertificateBuilder Subject(X509Name name)
    {
        subject = name;
        return this;
    }

    /// <summary>An empty subject (a SEQUENCE with no RDNs).</summary>
    public TestCertificateBuilder EmptySubject() => Subject(X509Name.GetInstance(DerSequence.Empty));

    /// <summary>An issuer name other than the issuer's subject (or the subject, for a self-signed certificate).</summary>
    public TestCertificateBuilder IssuerName(X509Name name)
    {
        issuerName = name;
        return this;
    }

    /// <summary>The certificate's key pair (a fresh one of <see cref="KeyType"/> by default).</summary>
    public TestCertificateBuilder Key(AsymmetricCipherKeyPair pair)
    {
        key = pair;
        return this;
    }

    /// <summary>The type of the fresh key.</summary>
    public TestCertificateBuilder KeyType(TestKeyType type)
    {
        keyType = type;
        return this;
    }

    /// <summary>Encodes the EC key with explicit curve parameters (forbidden by RFC 5480 2.1.1).</summary>
    public TestCertificateBuilder ExplicitEcParameters()
    {
        explicitEcParameters = true;
        return this;
    }

    /// <summary>Signs with another key than the issuer's (a certificate whose signature does not verify).</summary>
    public TestCertificateBuilder SignedWith(AsymmetricKeyParameter privateKey)
    {
        signingKey = privateKey;
        return this;
    }

    /// <summary>The serial number.</summary>
    public TestCertificateBuilder Serial(BigInteger value)
    {
        serial = value.ToByteArray();
        return this;
    }

    /// <summary>The serial number as the raw content octets of the INTEGER (any length, sign or padding).</summary>
    public TestCertificateBuilder SerialOctets(byte[] content)
    {
        serial = content;
        return this;
    }

    /// <summary>X.509 version 1, 2 or 3; a v1 or v2 certificate carries no extensions.</summary>
    public TestCertificateBuilder Version(int value)
    {
        version = value is >= 1 and <= 3 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        return this;
    }

    /// <summary>The validity period (UTCTime before 2050, GeneralizedTime after, as RFC 5280 4.1.2.5 says).</summary>
    public TestCertificateBuilder Validity(DateTime from, DateTime to)
    {
        notBefore = new Time(DateTime.SpecifyKind(from, DateTimeKind.Utc));
        notAfter = new Time(DateTime.SpecifyKind(to, DateTimeKind.Utc));
        return this;
    }

    /// <summary>The validity period from instants (UTC).</summary>
    public TestCertificateBuilder Validity(DateTimeOffset from, DateTimeOffset to) => Validity(from.UtcDateTime, to.UtcDateTime);

    /// <summary>The validity period as given encodings (e.g. a GeneralizedTime with fractional seconds).</summary>
    public TestCertificateBuilder Validity(Asn1Encodable from, Asn1Encodable to)
    {
        notBefore = from;
        notAfter = to;
        return this;
    }

    /// <summary>An outer signatureAlgorithm that differs from the one in the TBS (RFC 5280 4.1.1.2).</summary>
    public TestCertificateBuilder OuterSignatureAlgorithm(AlgorithmIdentifier algorithm)
    {
        outerAlgorithm = algorithm;
        return this;
    }

    /// <summary>Sets an extension, replacing one of the same OID.</summary>
    public TestCertificateBuilder Extension(DerObjectIdentifier oid, bool critical, Asn1Encodable value) =>
        RawExtension(oid, critical, value.GetEncoded(Asn1Encodable.Der));

    /// <summary>Sets an extension whose extnValue holds any bytes (malformed ones included).</summary>
    public TestCertificateBuilder RawExtension(DerObjectIdentifier oid, bool critical, byte[] value)
    {
        var index = extensions.FindIndex(e => e.Oid.Equals(oid));
        if (index >= 0)
        {
            extensions[index] = (oid, critical, value);
        }
        else
        {
            extensions.Add((oid, critical, value));
        }

        return this;
    }

    /// <summary>Adds an extension even when one of the same OID is present (RFC 5280 4.2 forbids duplicates).</summary>
    public TestCertificateBuilder DuplicateExtension(DerObjectIdentifier oid, bool critical, Asn1Encodable value)
    {
        extensions.Add((oid, critical, value.GetEncoded(Asn1Encodable.Der)));
        return this;
    }

    /// <summary>Removes an extension (e.g. the default basicConstraints, AKI or SKI).</summary>
    public TestCertificateBuilder Without(DerObjectIdentifier oid)
    {
        extensions.RemoveAll(e => e.Oid.Equals(oid));
        return this;
    }

    /// <summary>Removes SKI and AKI, leaving path building names alone to go by.</summary>
    public TestCertificateBuilder WithoutKeyIdentifiers() =>
        Without(X509Extensions.SubjectKeyIdentifier).Without(X509Extensions.AuthorityKeyIdentifier);

    /// <summary>Marks a present extension critical or not.</summary>
    public TestCertificateBuilder Critical(DerObjectIdentifier oid, bool critical = true)
    {
        var index = extensions.FindIndex(e => e.Oid.Equals(oid));
        if (index < 0)
        {
            throw new InvalidOperationException($"no extension {oid} to mark");
        }

        extensions[index] = extensions[index] with { Critical = critical };
        return this;
    }

    /// <summary>basicConstraints cA=true, with an optional pathLenConstraint.</summary>
    public TestCertificateBuilder Ca(int? pathLength = null, bool critical = true) =>
        Extension(X509Extensions.BasicConstraints, critical, pathLength is { } length ? new BasicConstraints(length) : new BasicConstraints(true));

    /// <summary>basicConstraints cA=true with a pathLenConstraint.</summary>
    public TestCertificateBuilder PathLength(int pathLength) => Ca(pathLength);

    /// <summary>basicConstraints cA=false (an explicit, critical "not a CA").</summary>
    public TestCertificateBuilder NotCa(bool critical = true) => Extension(X509Extensions.BasicConstraints, critical, new BasicConstraints(false));

    /// <summary>keyUsage with the given bits (<see cref="Org.BouncyCastle.Asn1.X509.KeyUsage"/> constants).</summary>
    public TestCertificateBuilder KeyUsage(int bits, bool critical = true) => Extension(X509Extensions.KeyUsage, critical, new KeyUsage(bits));

    /// <summary>extendedKeyUsage with the given purposes (none: an empty, malformed sequence).</summary>
    public TestCertificateBuilder ExtendedKeyUsage(params string[] oids) => ExtendedKeyUsage(false, oids);

    /// <summary>extendedKeyUsage with the given purposes and criticality.</summary>
    public TestCertificateBuilder ExtendedKeyUsage(bool critical, params string[] oids) =>
        Extension(X509Extensions.ExtendedKeyUsage, critical, new DerSequence(oids.Select(o => (Asn1Encodable)new DerObjectIdentifier(o)).ToArray()));

    /// <summary>subjectAltName of dNSNames.</summary>
    public TestCertificateBuilder DnsNames(params string[] names) =>
        SubjectAltName(false, names.Select(n => new GeneralName(GeneralName.DnsName, n)).ToArray());

    /// <summary>subjectAltName with any names.</summary>
    public TestCertificateBuilder SubjectAltName(bool critical, params GeneralName[] names) =>
        Extension(X509Extensions.SubjectAlternativeName, critical, new GeneralNames(names));

    /// <summary>nameConstraints (critical by default, as RFC 5280 4.2.1.10 requires).</summary>
    public TestCertificateBuilder NameConstraints(IEnumerable<GeneralName>? permitted, IEnumerable<GeneralName>? excluded, bool critical = true)
    {
        var fields = new Asn1EncodableVector();
        if (permitted is not null)
        {
            fields.Add(new DerTaggedObject(false, 0, new DerSequence(permitted.Select(n => (Asn1Encodable)new GeneralSubtree(n)).ToArray())));
        }

        if (excluded is not null)
        {
            fields.Add(new DerTaggedObject(false, 1, new DerSequence(excluded.Select(n => (Asn1Encodable)new GeneralSubtree(n)).ToArray())));
        }

        return Extension(X509Extensions.NameConstraints, critical, new DerSequence(fields));
    }

    /// <summary>certificatePolicies with the given policy OIDs.</summary>
    public TestCertificateBuilder Policies(params string[] oids) =>
        Extension(X509Extensions.CertificatePolicies, false, new DerSequence(oids.Select(p => (Asn1Encodable)new PolicyInformation(new DerObjectIdentifier(p))).ToArray()));

    /// <summary>policyConstraints (critical by default, as RFC 5280 4.2.1.11 requires).</summary>
    public TestCertificateBuilder PolicyConstraints(int? requireExplicitPolicy, int? inhibitPolicyMapping, bool critical = true)
    {
        var fields = new List<Asn1Encodable>();
        if (requireExplicitPolicy is { } r)
        {
            fields.Add(new DerTaggedObject(false, 0, DerInteger.ValueOf(r)));
        }

        if (inhibitPolicyMapping is { } m)
        {
            fields.Add(new DerTaggedObject(false, 1, DerInteger.ValueOf(m)));
        }

        return Extension(X509Extensions.PolicyConstraints, critical, new DerSequence(fields.ToArray()));
    }

    /// <summary>A subjectKeyIdentifier of the certificate's key (the default for every role).</summary>
    public TestCertificateBuilder SubjectKeyIdentifier(bool critical = false)
    {
        // Placeholder: the value is computed from the key when the certificate is built.
        return RawExtension(X509Extensions.SubjectKeyIdentifier, critical, []);
    }

    /// <summary>An authorityKeyIdentifier holding the issuer's key identifier (default for issued certificates).</summary>
    public TestCertificateBuilder AuthorityKeyIdentifier(bool critical = false) =>
        RawExtension(X509Extensions.AuthorityKeyIdentifier, critical, []);

    /// <summary>cRLDistributionPoints with one URI.</summary>
    public TestCertificateBuilder CrlDistributionPoint(string uri) =>
        Extension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([
            new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, uri))), null, null)]));

    /// <summary>The service's own CA-certificate extensions: anyPolicy, the parent's CRL and CA-certificate URLs.</summary>
    public TestCertificateBuilder ServiceCaExtensions(string crlUrl, string caIssuersUrl) =>
        Policies("2.5.29.32.0")
            .Extension(X509Extensions.CrlDistributionPoints, false, global::Ca.Core.Common.CertificateExtensions.DistributionPoints(crlUrl))
            .Extension(X509Extensions.AuthorityInfoAccess, false, global::Ca.Core.Common.CertificateExtensions.AuthorityInformationAccess(caIssuersUrl, ocspUrl: null));

    /// <summary>authorityInfoAccess with an OCSP responder URI.</summary>
    public TestCertificateBuilder OcspResponder(string uri) =>
        Extension(X509Extensions.AuthorityInfoAccess, false, new AuthorityInformationAccess(
            X509ObjectIdentifiers.OcspAccessMethod, new GeneralName(GeneralName.UniformResourceIdentifier, uri)));

    /// <summary>Builds and signs the certificate.</summary>
    public TestCertificate Build()
    {
        var pair = key ?? TestKeys.New(keyType);
        var spki = TestKeys.PublicKeyInfo(pair.Public, explicitEcParameters);
        var signer = signingKey ?? issuer?.PrivateKey ?? pair.Private;
        var factory = new Asn1SignatureFactory(TestKeys.SignatureAlgorithm(signer), signer);
        var algorithm = (AlgorithmIdentifier)factory.AlgorithmDetails;

        var tbs = new Asn1EncodableVector();
        if (version > 1)
        {
            tbs.Add(new DerTaggedObject(true, 0, DerInteger.ValueOf(version - 1)));
        }

        tbs.Add(new DerInteger(serial));
        tbs.Add(algorithm);
        tbs.Add(issuerName ?? issuer?.Subject ?? subject);
        tbs.Add(new DerSequence(notBefore, notAfter));
        tbs.Add(subject);
        tbs.Add(spki);
        if (version == 3 && extensions.Count > 0)
        {
            var encoded = extensions.Select(e => Encode(e, spki));
            tbs.Add(new DerTaggedObject(true, 3, new DerSequence(encoded.ToArray())));
        }

        var tbsSequence = new DerSequence(tbs);
        var calculator = factory.CreateCalculator();
        using (var stream = calculator.Stream)
        {
            tbsSequence.EncodeTo(stream, Asn1Encodable.Der);
        }

        var signature = ((IBlockResult)calculator.GetResult()).Collect();
        var der = new DerSequence(tbsSequence, outerAlgorithm ?? algorithm, new DerBitString(signature)).GetEncoded(Asn1Encodable.Der);
        return new TestCertificate(der, pair, subject);
    }

    private Asn1Encodable Encode((DerObjectIdentifier Oid, bool Critical, byte[] Value) extension, SubjectPublicKeyInfo spki)
    {
        var value = extension.Value;
        if (value.Length == 0 && extension.Oid.Equals(X509Extensions.SubjectKeyIdentifier))
        {
            value = X509ExtensionUtilities.CreateSubjectKeyIdentifier(spki).GetEncoded(Asn1Encodable.Der);
        }
        else if (value.Length == 0 && extension.Oid.Equals(X509Extensions.AuthorityKeyIdentifier))
        {
            var issuerSpki = issuer is null ? spki : TestKeys.PublicKeyInfo(issuer.PublicKey);
            var issuerSki = issuer?.Certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } ski
                ? Org.BouncyCastle.Asn1.X509.SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(ski)).GetKeyIdentifier()
                : X509ExtensionUtilities.CreateSubjectKeyIdentifier(issuerSpki).GetKeyIdentifier();
            value = new Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier(issuerSki).GetEncoded(Asn1Encodable.Der);
        }

        return extension.Critical
            ? new DerSequence(extension.Oid, DerBoolean.True, new DerOctetString(value))
            : new DerSequence(extension.Oid, new DerOctetString(value));
    }
}
