using System.Net;
using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using static Ca.Tests.Support.Pki.TestCertificateBuilder;

namespace Ca.Tests.Validation.Rules;

/// <summary>
/// RFC 5280 6.2: the trust anchor's own certificate constrains the path. Its name constraints and path length
/// bind everything below it, and a root that is expired, not a well-formed CA, or carries an unknown critical
/// extension is no anchor at all.
/// </summary>
public sealed class TrustAnchorConstraintsTests
{
    private static GeneralName Dns(string name) => new(GeneralName.DnsName, name);

    private static GeneralName Ip(string address, string? mask = null) =>
        new(GeneralName.IPAddress, new DerOctetString([.. IPAddress.Parse(address).GetAddressBytes(), .. mask is null ? [] : IPAddress.Parse(mask).GetAddressBytes()]));

    [Fact]
    public async Task TrustAnchor_PermittedDnsSubtreeMatchesLeaf_Accepted()
    {
        var root = Root().NameConstraints([Dns("example.com")], null).Build();
        var leaf = Leaf("Leaf", root).DnsNames("www.example.com").Build();
        RuleAssert.Valid(await TestPaths.BuildAsync(leaf, root));
    }

    [Fact]
    public async Task TrustAnchor_PermittedDnsSubtreeMissesLeaf_Rejected()
    {
        var root = Root().NameConstraints([Dns("example.com")], null).Build();
        var leaf = Leaf("Leaf", root).DnsNames("www.example.org").Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_ExcludedDnsSubtreeMatchesLeaf_Rejected()
    {
        var root = Root().NameConstraints(null, [Dns("example.com")]).Build();
        var leaf = Leaf("Leaf", root).DnsNames("example.com").Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_PermittedIpRangeMissesLeaf_Rejected()
    {
        var root = Root().NameConstraints([Ip("192.0.2.0", "255.255.255.0")], null).Build();
        var leaf = Leaf("Leaf", root).SubjectAltName(false, Ip("198.51.100.1")).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_ExcludedIpRangeMatchesLeaf_Rejected()
    {
        var root = Root().NameConstraints(null, [Ip("192.0.2.0", "255.255.255.0")]).Build();
        var leaf = Leaf("Leaf", root).SubjectAltName(false, Ip("192.0.2.7")).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_PermittedDirectoryNameMissesLeafSubject_Rejected()
    {
        var root = Root().NameConstraints([new GeneralName(new X509Name("C=US,O=Allowed"))], null).Build();
        var leaf = Leaf(new X509Name("C=US,O=Other,CN=Leaf"), root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_ExcludedEmailDomainMatchesLeaf_Rejected()
    {
        var root = Root().NameConstraints(null, [new GeneralName(GeneralName.Rfc822Name, "example.com")]).Build();
        var leaf = Leaf("Leaf", root).SubjectAltName(false, new GeneralName(GeneralName.Rfc822Name, "alice@example.com")).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_NameConstraintsExcludeIntermediateSan_Rejected()
    {
        var root = Root().NameConstraints(null, [Dns("bad.example")]).Build();
        var ca = Intermediate("CA", root).DnsNames("bad.example").Build();
        var leaf = Leaf("Leaf", ca).DnsNames("good.example").Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root, ca), PathValidationFailure.NameConstraintsViolation);
    }

    [Fact]
    public async Task TrustAnchor_ExpiredAtValidationTime_Rejected()
    {
        var root = Root().Validity(new DateTime(2016, 1, 1), new DateTime(2020, 1, 1)).Build();
        var ca = Intermediate("CA", root).Build();
        var leaf = Leaf("Leaf", ca).Build();
        var result = await TestPaths.BuildAsync(leaf, root, ca);
        RuleAssert.Rejected(result, PathValidationFailure.Expired, "trust anchor");
        Assert.Equal(-1, result.Validation.FailingCertificateIndex);
    }

    [Fact]
    public async Task TrustAnchor_UnknownCriticalExtension_Rejected()
    {
        var root = Root().Extension(new DerObjectIdentifier("1.3.6.1.4.1.55738.666.1"), true, DerNull.Instance).Build();
        var leaf = Leaf("Leaf", root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.UnknownCriticalExtension, "trust anchor");
    }

    [Fact]
    public async Task TrustAnchor_WithoutBasicConstraints_Rejected()
    {
        var root = Root().Without(X509Extensions.BasicConstraints).Build();
        var leaf = Leaf("Leaf", root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.BasicConstraintsViolation, "trust anchor");
    }

    [Fact]
    public async Task TrustAnchor_NonCriticalBasicConstraints_Rejected()
    {
        var root = Root().Ca(critical: false).Build();
        var leaf = Leaf("Leaf", root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.ProfileViolation, "4.2.1.9");
    }

    [Fact]
    public async Task TrustAnchor_CaWithoutKeyCertSign_Rejected()
    {
        var root = Root().KeyUsage(KeyUsage.DigitalSignature | KeyUsage.CrlSign, critical: false).Build();
        var leaf = Leaf("Leaf", root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.KeyUsageViolation, "trust anchor");
    }

    [Fact]
    public async Task TrustAnchor_CriticalAuthorityKeyIdentifier_Rejected()
    {
        var root = Root().AuthorityKeyIdentifier(critical: true).Build();
        var leaf = Leaf("Leaf", root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.ProfileViolation, "4.2.1.1");
    }

    [Fact]
    public async Task TrustAnchor_PathLengthZeroAboveIntermediate_Rejected()
    {
        var root = Root().PathLength(0).Build();
        var ca = Intermediate("CA", root).Build();
        var leaf = Leaf("Leaf", ca).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root, ca), PathValidationFailure.PathLengthExceeded);
    }

    [Fact]
    public async Task TrustAnchor_CrossSignedWithoutAuthorityKeyIdentifier_Rejected()
    {
        var crossSigner = Root("Cross Signer").Build();
        var anchor = Intermediate("Anchor", crossSigner).PathLength(0).Without(X509Extensions.AuthorityKeyIdentifier).Build();
        var leaf = Leaf("Leaf", anchor).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, anchor), PathValidationFailure.ProfileViolation, "4.2.1.1");
    }

    [Fact]
    public async Task TrustAnchor_WithoutSubjectKeyIdentifier_Rejected()
    {
        var root = Root().Without(X509Extensions.SubjectKeyIdentifier).Build();
        var leaf = Leaf("Leaf", root).Build();
        RuleAssert.Rejected(await TestPaths.BuildAsync(leaf, root), PathValidationFailure.ProfileViolation, "4.2.1.2");
    }
}
