using System.Security.Cryptography;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Issuance.Linting;
using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Core.Profiles;
using Ca.Core.Timestamping;
using Ca.Tests.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Issuance.Linting;

/// <summary>
/// The pre-issuance lint, rule by rule: what our builders produce passes, and for every rule there is
/// a to-be-signed certificate that breaks it and is reported under that rule's id.
/// </summary>
public sealed class CertificateLinterTests
{
    private static readonly Lazy<Baselines> Shared = new(Baselines.Create);

    public static TheoryData<string> Kinds => new() { "tls", "person", "ocsp", "tsa", "sub", "root" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lint_WhatOurBuildersProduce_IsClean(string kind)
    {
        var (certificate, profile, issuer) = Shared.Value[kind];

        var findings = CertificateLinter.Lint(certificate.GetTbsCertificate(), profile, issuer, certificate.CertificateStructure.SignatureAlgorithm);

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    /// <summary>(rule, baseline kind, edit that breaks the rule).</summary>
    public static TheoryData<string, string, Func<TbsEditor, TbsEditor>> Violations => new()
    {
        { "rfc5280.4.1.2.1.version", "tls", t => t.Version(1) },
        { "rfc5280.4.2.unique-extensions", "tls", t => t.Duplicate(X509Extensions.SubjectKeyIdentifier) },
        { "rfc5280.4.1.structure", "tls", t => t.Field(6, DerNull.Instance) },
        { "rfc5280.4.1.2.2.serial-positive", "tls", t => t.SerialNumber(BigInteger.Zero) },
        { "rfc5280.4.1.2.2.serial-length", "tls", t => t.SerialNumber(BigInteger.One.ShiftLeft(165)) },
        { "rfc5280.4.1.2.3.signature-algorithm", "tls", t => t.SignatureAlgorithm(X9ObjectIdentifiers.ECDsaWithSha384) },
        { "rfc5280.4.1.2.4.issuer-name", "tls", t => t.IssuerName(new X509Name("CN=Someone Else")) },
        { "rfc5280.4.1.2.5.validity-order", "tls", t => t.Dates(t.NotBefore, t.NotBefore) },
        { "rfc5280.4.1.2.5.time-encoding", "tls", t => t.Dates(new Time(t.NotBefore), new Time(new DerGeneralizedTime(t.NotBefore.AddDays(30)))) },
        { "rfc5280.4.1.2.8.no-unique-identifiers", "tls", t => t.IssuerUniqueId() },
        { "rfc5280.4.1.2.6.directory-string", "person", t => t.SubjectName((X509Name.CN, new DerBmpString("Somchai"))) },
        { "rfc5280.appendix-a.upper-bounds", "person", t => t.SubjectName((X509Name.CN, new DerUtf8String(new string('a', 65)))) },
        { "rfc5280.4.2.1.1.authority-key-identifier", "tls", t => t.Without(X509Extensions.AuthorityKeyIdentifier) },
        { "rfc5280.4.2.1.2.subject-key-identifier", "tls", t => t.Without(X509Extensions.SubjectKeyIdentifier) },
        { "rfc5280.4.2.1.3.key-usage", "tls", t => t.Critical(X509Extensions.KeyUsage, false) },
        { "rfc5280.4.2.1.3.key-usage-matches-key", "person", t => t.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment)) },
        { "rfc5280.4.2.1.3.cert-sign-only-ca", "person", t => t.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyCertSign)) },
        { "rfc5280.4.2.1.9.basic-constraints", "sub", t => t.Critical(X509Extensions.BasicConstraints, false) },
        { "rfc5280.4.2.1.4.policies-unique", "person", t => t.With(X509Extensions.CertificatePolicies, false, new DerSequence(Policy(ServicePolicyOids.Person), Policy(ServicePolicyOids.Person))) },
        { "rfc5280.4.2.1.6.san-syntax", "person", t => t.With(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.Rfc822Name, "no-at-sign"))) },
        { "rfc5280.4.2.1.6.empty-subject-needs-critical-san", "person", t => t.SubjectName() },
        { "rfc5280.4.2.1.12.eku-not-empty", "person", t => t.With(X509Extensions.ExtendedKeyUsage, false, new DerSequence()) },
        { "rfc5280.4.2.non-critical-extensions", "person", t => t.Critical(X509Extensions.AuthorityInfoAccess, true) },
        { "ca.validity.within-issuer", "person", t => t.Dates(t.NotBefore, new DateTime(2049, 1, 1, 0, 0, 0, DateTimeKind.Utc)) },
        { "ca.policies.profile-oids", "person", t => t.Without(X509Extensions.CertificatePolicies) },
        { "rfc6960.4.2.2.2.ocsp-signing", "ocsp", t => t.Without(OcspObjectIdentifiers.PkixOcspNocheck) },
        { "rfc3161.2.3.time-stamping-eku", "tsa", t => t.With(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping, KeyPurposeID.id_kp_serverAuth)) },
        { "smime.email-protection-needs-mailbox", "person", t => t.Without(X509Extensions.SubjectAlternativeName) },
        { "br.6.1.5.subject-key", "tls", t => t.SubjectPublicKey(Rsa1024()) },
        { "br.6.3.2.validity-period", "tls", t => t.Dates(t.NotBefore, t.NotBefore.AddDays(200)) },
        { "br.7.1.2.7.10.extended-key-usage", "tls", t => t.With(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_codeSigning)) },
        { "br.7.1.2.7.11.key-usage", "tls", t => t.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation)) },
        { "br.7.1.2.7.12.subject-alt-name", "tls", t => t.With(X509Extensions.SubjectAlternativeName, false, new GeneralNames([new GeneralName(GeneralName.DnsName, "www.example.co.th"), new GeneralName(GeneralName.Rfc822Name, "a@example.co.th")])) },
        { "br.7.1.2.7.7.authority-info-access", "tls", t => t.Without(X509Extensions.AuthorityInfoAccess) },
        { "br.7.1.2.11.2.crl-distribution-points", "tls", t => t.With(X509Extensions.CrlDistributionPoints, false, CertificateExtensions.DistributionPoints("ldap://pki.test/cn=crl")) },
        { "br.7.1.3.2.signature-algorithm", "tls", t => t.SignatureAlgorithm(X9ObjectIdentifiers.ECDsaWithSha1) },
        { "br.7.1.4.2.no-organizational-unit", "tls", t => t.SubjectName((X509Name.CN, new DerUtf8String("www.example.co.th")), (X509Name.OU, new DerUtf8String("IT"))) },
        { "br.7.1.4.2.organization-location", "tls", t => t.SubjectName((X509Name.C, new DerPrintableString("TH")), (X509Name.O, new DerUtf8String("Example Co")), (X509Name.CN, new DerUtf8String("www.example.co.th"))) },
        { "br.7.1.4.3.cn-in-san", "tls", t => t.SubjectName((X509Name.CN, new DerUtf8String("WWW.example.co.th"))) },
        { "br.7.1.6.4.reserved-policy", "tls", t => t.With(X509Extensions.CertificatePolicies, false, new DerSequence(Policy(ServicePolicyOids.TlsServer))) },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Lint_TbsBreakingTheRule_IsReportedUnderItsId(string ruleId, string kind, Func<TbsEditor, TbsEditor> edit)
    {
        var (certificate, profile, issuer) = Shared.Value[kind];
        var tbs = edit(new TbsEditor(certificate)).Encode();

        var findings = CertificateLinter.Lint(tbs, profile, issuer, certificate.CertificateStructure.SignatureAlgorithm);

        Assert.True(findings.Any(f => f.RuleId == ruleId), $"{ruleId} not reported; got: {string.Join("; ", findings)}");
    }

    [Fact]
    public void Rules_EveryRule_HasAViolationCaseAbove()
    {
        var covered = Violations.Select(row => (string)row[0]).ToHashSet();

        var uncovered = CertificateLinter.Rules.Select(r => r.Id).Where(id => !covered.Contains(id)).ToList();

        Assert.True(uncovered.Count == 0, "rules without a violation case: " + string.Join(", ", uncovered));
        Assert.Equal(CertificateLinter.Rules.Count, CertificateLinter.Rules.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void LintingSignatureFactory_TbsBreakingARule_NeverReachesTheKeyAndThrowsLintFailed()
    {
        var (certificate, profile, issuer) = Shared.Value["tls"];
        var spy = new SpySignatureFactory(Shared.Value.IssuingKeyFactory);
        var factory = new LintingSignatureFactory(spy, profile, issuer);
        var calculator = factory.CreateCalculator();
        var tbs = new TbsEditor(certificate).SubjectName((X509Name.CN, new DerUtf8String("elsewhere.example.co.th"))).Encode();
        calculator.Stream.Write(tbs);

        var error = Assert.Throws<CaException>(() => calculator.GetResult());

        Assert.Equal("lint-failed", error.Code);
        Assert.Equal(CaErrorKind.Unprocessable, error.Kind);
        Assert.Contains("br.7.1.4.3.cn-in-san", error.Errors!.Keys);
        Assert.Equal(0, spy.Calculators);
    }

    [Fact]
    public void LintingSignatureFactory_CleanTbs_IsSignedByTheKey()
    {
        var (certificate, profile, issuer) = Shared.Value["tls"];
        var spy = new SpySignatureFactory(Shared.Value.IssuingKeyFactory);
        var calculator = new LintingSignatureFactory(spy, profile, issuer).CreateCalculator();
        calculator.Stream.Write(certificate.GetTbsCertificate());

        var signature = calculator.GetResult().Collect();

        Assert.Equal(1, spy.Calculators);
        Assert.NotEmpty(signature);
    }

    [Fact]
    public void LeafCertificateBuilder_ProfileThatBreaksTheBaselineRequirements_SignsNothing()
    {
        var pki = Shared.Value.Pki;
        var profile = BuiltInProfiles.All["tls-server"] with { MaxValidityDays = 398 };
        using var key = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var template = new LeafCertificateBuilder.Template(pki.Issuing, profile, new X509Name("CN=long.example.co.th"), key.PublicKeyInfo, KeyAlgorithm.EcdsaP256,
            [new SubjectAltName(SanType.Dns, "long.example.co.th")], SerialNumber.NewRandom(), pki.Now, pki.Now.AddDays(300));

        var error = Assert.Throws<CaException>(() => LeafCertificateBuilder.Build(template, TestPki.Urls));

        Assert.Equal("lint-failed", error.Code);
        Assert.Equal(["br.6.3.2.validity-period"], error.Errors!.Keys);
    }

    private static DerSequence Policy(string oid) => new(new DerObjectIdentifier(oid));

    private static SubjectPublicKeyInfo Rsa1024()
    {
        using var rsa = RSA.Create(1024);
        return SubjectPublicKeyInfo.GetInstance(rsa.ExportSubjectPublicKeyInfo());
    }

    private sealed class SpySignatureFactory(ISignatureFactory inner) : ISignatureFactory
    {
        public int Calculators { get; private set; }

        public object AlgorithmDetails => inner.AlgorithmDetails;

        public IStreamCalculator<IBlockResult> CreateCalculator()
        {
            Calculators++;
            return inner.CreateCalculator();
        }
    }

    /// <summary>One certificate of each kind, straight from our builders, with the lint profile it was built under.</summary>
    private sealed class Baselines
    {
        private readonly Dictionary<string, (X509Certificate, LintProfile, X509Certificate?)> byKind = new();

        public required TestPki Pki { get; init; }

        public ISignatureFactory IssuingKeyFactory => Pki.Issuing.Key.SignatureFactory;

        public (X509Certificate Certificate, LintProfile Profile, X509Certificate? Issuer) this[string kind] => byKind[kind];

        public static Baselines Create()
        {
            var pki = TestPki.Create(DateTimeOffset.UtcNow, KeyAlgorithm.EcdsaP256);
            var baselines = new Baselines { Pki = pki };
            using var key = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
            var now = pki.Now;

            var tls = BuiltInProfiles.All["tls-server"];
            var tlsSubject = new X509Name("CN=www.example.co.th");
            baselines.byKind["tls"] = (LeafCertificateBuilder.Build(new LeafCertificateBuilder.Template(pki.Issuing, tls, tlsSubject, key.PublicKeyInfo, KeyAlgorithm.EcdsaP256,
                [new SubjectAltName(SanType.Dns, "www.example.co.th")], SerialNumber.NewRandom(), now.AddMinutes(-1), now.AddDays(90)), TestPki.Urls),
                new LintProfile(CertificateKind.Subscriber, true, LeafCertificateBuilder.PolicyOidsFor(tls, tlsSubject)), pki.Issuing.Certificate);

            var person = BuiltInProfiles.All["person"];
            baselines.byKind["person"] = (LeafCertificateBuilder.Build(new LeafCertificateBuilder.Template(pki.Issuing, person, new X509Name("CN=Somchai Jaidee,C=TH"), key.PublicKeyInfo, KeyAlgorithm.EcdsaP256,
                [new SubjectAltName(SanType.Email, "somchai@example.co.th")], SerialNumber.NewRandom(), now.AddMinutes(-1), now.AddDays(365)), TestPki.Urls),
                new LintProfile(CertificateKind.Subscriber, false, person.PolicyOids), pki.Issuing.Certificate);

            baselines.byKind["ocsp"] = (OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, now),
                new LintProfile(CertificateKind.OcspResponder, false, [ServicePolicyOids.OcspResponder]), pki.Issuing.Certificate);

            baselines.byKind["tsa"] = (TsaCertificateBuilder.Build(pki.Issuing, new X509Name("CN=TSA,O=Tests,C=TH"), key.PublicKeyInfo, now, null, TestPki.Urls),
                new LintProfile(CertificateKind.TimeStamping, false, [ServicePolicyOids.TimeStampingCertificate]), pki.Issuing.Certificate);

            baselines.byKind["sub"] = (pki.Issuing.Certificate, LintProfile.SubordinateCa, pki.Root.Certificate);
            baselines.byKind["root"] = (pki.Root.Certificate, LintProfile.Root, null);
            return baselines;
        }
    }
}
