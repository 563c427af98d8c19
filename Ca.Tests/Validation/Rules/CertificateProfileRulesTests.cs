using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using static Ca.Tests.Support.Pki.TestCertificateBuilder;

namespace Ca.Tests.Validation.Rules;

/// <summary>
/// RFC 5280 4.1-4.2 (and RFC 5480) say how conforming CAs make certificates; the validator refuses certificates
/// that break those MUSTs wherever they sit in the path.
/// </summary>
public sealed class CertificateProfileRulesTests
{
    private static readonly TestCertificate Anchor = Root().Build();
    private static readonly TestCertificate Ca = Intermediate("CA", Anchor).Build();

    private static Task<PathBuildResult> LeafAsync(Func<TestCertificateBuilder, TestCertificateBuilder> edit) =>
        TestPaths.BuildAsync(edit(Leaf("Leaf", Ca)).Build(), Anchor, Ca);

    private static Task<PathBuildResult> IntermediateAsync(Func<TestCertificateBuilder, TestCertificateBuilder> edit)
    {
        var ca = edit(Intermediate("Edited CA", Anchor)).Build();
        return TestPaths.BuildAsync(Leaf("Leaf", ca).Build(), Anchor, ca);
    }

    [Fact]
    public async Task Chain_AsBuiltByDefault_Accepted() => RuleAssert.Valid(await LeafAsync(b => b));

    [Fact]
    public async Task Leaf_WithoutAuthorityKeyIdentifier_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.Without(X509Extensions.AuthorityKeyIdentifier)), PathValidationFailure.ProfileViolation, "4.2.1.1");

    [Fact]
    public async Task Intermediate_WithoutAuthorityKeyIdentifier_Rejected() =>
        RuleAssert.Rejected(await IntermediateAsync(b => b.Without(X509Extensions.AuthorityKeyIdentifier)), PathValidationFailure.ProfileViolation, "4.2.1.1");

    [Fact]
    public async Task SelfSignedRoot_WithoutAuthorityKeyIdentifier_Accepted()
    {
        var root = Root().Without(X509Extensions.AuthorityKeyIdentifier).Build();
        RuleAssert.Valid(await TestPaths.BuildAsync(Leaf("Leaf", root).Build(), root));
    }

    [Fact]
    public async Task Leaf_CriticalAuthorityKeyIdentifier_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.AuthorityKeyIdentifier(critical: true)), PathValidationFailure.ProfileViolation, "4.2.1.1");

    [Fact]
    public async Task Intermediate_WithoutSubjectKeyIdentifier_Rejected() =>
        RuleAssert.Rejected(await IntermediateAsync(b => b.Without(X509Extensions.SubjectKeyIdentifier)), PathValidationFailure.ProfileViolation, "4.2.1.2");

    [Fact]
    public async Task Leaf_WithoutSubjectKeyIdentifier_Accepted() =>
        RuleAssert.Valid(await LeafAsync(b => b.Without(X509Extensions.SubjectKeyIdentifier)));

    [Fact]
    public async Task Leaf_CriticalSubjectKeyIdentifier_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.SubjectKeyIdentifier(critical: true)), PathValidationFailure.ProfileViolation, "4.2.1.2");

    [Fact]
    public async Task Leaf_KeyCertSignWithoutCa_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyCertSign)), PathValidationFailure.ProfileViolation, "4.2.1.3");

    [Fact]
    public async Task Leaf_EmptySubjectWithNonCriticalSan_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.EmptySubject().DnsNames("example.com")), PathValidationFailure.ProfileViolation, "4.1.2.6");

    [Fact]
    public async Task Leaf_EmptySubjectWithCriticalSan_Accepted() =>
        RuleAssert.Valid(await LeafAsync(b => b.EmptySubject().SubjectAltName(true, new GeneralName(GeneralName.DnsName, "example.com"))));

    [Fact]
    public async Task CaCertificate_EmptySubject_Rejected()
    {
        var ca = Intermediate("x", Anchor).EmptySubject().SubjectAltName(true, new GeneralName(GeneralName.DnsName, "ca.example")).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(ca, Anchor), PathValidationFailure.ProfileViolation, "4.1.2.6");
    }

    [Fact]
    public async Task Leaf_ExplicitEcCurveParameters_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.ExplicitEcParameters()), PathValidationFailure.ProfileViolation, "RFC 5480");

    [Fact]
    public async Task Leaf_EmptyExtendedKeyUsage_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.ExtendedKeyUsage()), PathValidationFailure.ProfileViolation, "4.2.1.12");

    [Fact]
    public async Task Leaf_NameConstraints_Rejected() =>
        RuleAssert.Rejected(
            await LeafAsync(b => b.NameConstraints([new GeneralName(GeneralName.DnsName, "example.com")], null)),
            PathValidationFailure.ProfileViolation, "4.2.1.10");

    [Fact]
    public async Task Leaf_PolicyConstraints_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.PolicyConstraints(0, null)), PathValidationFailure.ProfileViolation, "4.2.1.11");

    [Fact]
    public async Task Intermediate_NonCriticalPolicyConstraints_Rejected() =>
        RuleAssert.Rejected(await IntermediateAsync(b => b.PolicyConstraints(null, 0, critical: false)), PathValidationFailure.ProfileViolation, "4.2.1.11");

    [Fact]
    public async Task Intermediate_NonCriticalConstraintsWithCriticalityNotRequired_Accepted()
    {
        var ca = Intermediate("Lenient CA", Anchor).Ca(critical: false).PolicyConstraints(null, 0, critical: false).Build();
        var result = await TestPaths.BuildAsync(Leaf("Leaf", ca).Build(), [Anchor], [ca], TestPaths.Settings with { RequireCriticalConstraints = false });
        RuleAssert.Valid(result);
    }

    [Fact]
    public async Task Intermediate_NonCriticalBasicConstraints_Rejected() =>
        RuleAssert.Rejected(await IntermediateAsync(b => b.Ca(critical: false)), PathValidationFailure.ProfileViolation, "4.2.1.9");

    [Fact]
    public async Task Intermediate_NonCriticalNameConstraints_Rejected() =>
        RuleAssert.Rejected(
            await IntermediateAsync(b => b.NameConstraints([new GeneralName(GeneralName.DnsName, "example.com")], null, critical: false)),
            PathValidationFailure.ProfileViolation, "4.2.1.10");

    [Fact]
    public async Task Leaf_SerialZero_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.Serial(BigInteger.Zero)), PathValidationFailure.ProfileViolation, "4.1.2.2");

    [Fact]
    public async Task Leaf_NegativeSerial_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.Serial(BigInteger.ValueOf(-5))), PathValidationFailure.ProfileViolation, "4.1.2.2");

    [Fact]
    public async Task Leaf_SerialOf21Octets_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.Serial(BigInteger.One.ShiftLeft(164))), PathValidationFailure.ProfileViolation, "4.1.2.2");

    [Fact]
    public async Task Leaf_SerialOf20Octets_Accepted() =>
        RuleAssert.Valid(await LeafAsync(b => b.Serial(BigInteger.One.ShiftLeft(159))));

    [Fact]
    public async Task Intermediate_Version1_Rejected() =>
        RuleAssert.Rejected(await IntermediateAsync(b => b.Version(1)), PathValidationFailure.ProfileViolation, "version 1");

    [Fact]
    public async Task Leaf_MalformedAuthorityInfoAccess_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.RawExtension(X509Extensions.AuthorityInfoAccess, false, "malformed"u8.ToArray())), PathValidationFailure.ProfileViolation, "4.2.2.1");

    [Fact]
    public async Task Leaf_EmptyAuthorityInfoAccess_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.Extension(X509Extensions.AuthorityInfoAccess, false, DerSequence.Empty)), PathValidationFailure.ProfileViolation, "4.2.2.1");

    [Fact]
    public async Task Leaf_DnsSanWithUnderscore_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.DnsNames("foo_bar.example.com")), PathValidationFailure.ProfileViolation, "4.2.1.6");

    [Fact]
    public async Task Leaf_DnsSanHoldingIpAddress_Rejected() =>
        RuleAssert.Rejected(await LeafAsync(b => b.DnsNames("8.8.8.8")), PathValidationFailure.ProfileViolation, "IP address");

    [Fact]
    public async Task Leaf_IpAddressSanOfFiveOctets_Rejected() =>
        RuleAssert.Rejected(
            await LeafAsync(b => b.SubjectAltName(false, new GeneralName(GeneralName.IPAddress, new DerOctetString([10, 0, 0, 1, 7])))),
            PathValidationFailure.ProfileViolation, "iPAddress");

    [Fact]
    public async Task Leaf_EmailSanWithTwoAtSigns_Rejected() =>
        RuleAssert.Rejected(
            await LeafAsync(b => b.SubjectAltName(false, new GeneralName(GeneralName.Rfc822Name, "foo@bar@example.com"))),
            PathValidationFailure.ProfileViolation, "rfc822Name");

    [Fact]
    public async Task Leaf_WildcardDnsSan_Accepted() =>
        RuleAssert.Valid(await LeafAsync(b => b.DnsNames("*.example.com", "xn--bcher-kva.example")));

    [Fact]
    public async Task Leaf_DuplicateExtension_Rejected()
    {
        var leaf = Leaf("Leaf", Ca).DnsNames("example.com")
            .DuplicateExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, "example.com")))
            .Build();
        PathBuildResult? result = null;
        try
        {
            result = await TestPaths.BuildAsync(leaf, Anchor, Ca);
        }
        catch (Exception e) when (e is ArgumentException or Org.BouncyCastle.Security.Certificates.CertificateException or IOException)
        {
            // BouncyCastle refuses to decode a certificate with a repeated extension: it never reaches a path.
            return;
        }
        Assert.False(result.IsValid);
    }
}
