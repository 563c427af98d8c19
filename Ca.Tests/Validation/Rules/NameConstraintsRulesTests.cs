using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using static Ca.Tests.Support.Pki.TestCertificateBuilder;

namespace Ca.Tests.Validation.Rules;

/// <summary>
/// Name constraints are compared by meaning, not literally: a wildcard stands for the names it matches, and a
/// constraint that is not well-formed is refused rather than guessed at (RFC 5280 4.2.1.10).
/// </summary>
public sealed class NameConstraintsRulesTests
{
    private static readonly TestCertificate Anchor = Root().Build();

    private static GeneralName Dns(string name) => new(GeneralName.DnsName, name);

    private static async Task<PathBuildResult> ConstrainedAsync(GeneralName[]? permitted, GeneralName[]? excluded, Func<TestCertificateBuilder, TestCertificateBuilder> leaf)
    {
        var ca = Intermediate("Constrained CA", Anchor).NameConstraints(permitted, excluded).Build();
        return await TestPaths.BuildAsync(leaf(Leaf("Leaf", ca)).Build(), Anchor, ca);
    }

    [Fact]
    public async Task WildcardSan_CoversExcludedSubtreeOneLabelBelow_Rejected() =>
        RuleAssert.Rejected(
            await ConstrainedAsync([Dns("example.com")], [Dns("bar.example.com")], b => b.DnsNames("*.example.com")),
            PathValidationFailure.NameConstraintsViolation, "wildcard");

    [Fact]
    public async Task WildcardSan_ExcludedSubtreeTwoLabelsBelow_Accepted() =>
        RuleAssert.Valid(await ConstrainedAsync([Dns("example.com")], [Dns("a.bar.example.com")], b => b.DnsNames("*.example.com")));

    [Fact]
    public async Task WildcardSan_ExcludedSubtreeElsewhere_Accepted() =>
        RuleAssert.Valid(await ConstrainedAsync(null, [Dns("bar.example.org")], b => b.DnsNames("*.example.com")));

    [Fact]
    public async Task NameConstraints_WildcardDnsConstraint_Rejected() =>
        RuleAssert.Rejected(
            await ConstrainedAsync([Dns("*.example.com")], null, b => b.DnsNames("www.example.com")),
            PathValidationFailure.NameConstraintsViolation, "4.2.1.10");

    [Fact]
    public async Task NameConstraints_DnsConstraintWithLeadingPeriod_Rejected() =>
        RuleAssert.Rejected(
            await ConstrainedAsync([Dns(".example.com")], null, b => b.DnsNames("www.example.com")),
            PathValidationFailure.NameConstraintsViolation, "4.2.1.10");

    [Fact]
    public async Task NameConstraints_IpAddressWithoutMask_Rejected() =>
        RuleAssert.Rejected(
            await ConstrainedAsync([new GeneralName(GeneralName.IPAddress, new DerOctetString([127, 0, 0, 1]))], null,
                b => b.SubjectAltName(false, new GeneralName(GeneralName.IPAddress, new DerOctetString([127, 0, 0, 1])))),
            PathValidationFailure.NameConstraintsViolation, "4.2.1.10");

    [Fact]
    public async Task NameConstraints_NonContiguousIpMask_Rejected() =>
        RuleAssert.Rejected(
            await ConstrainedAsync([new GeneralName(GeneralName.IPAddress, new DerOctetString([10, 0, 0, 0, 255, 0, 255, 0]))], null,
                b => b.SubjectAltName(false, new GeneralName(GeneralName.IPAddress, new DerOctetString([10, 0, 0, 1])))),
            PathValidationFailure.NameConstraintsViolation, "4.2.1.10");

    [Fact]
    public async Task NameConstraints_MalformedEmailConstraint_Rejected() =>
        RuleAssert.Rejected(
            await ConstrainedAsync([new GeneralName(GeneralName.Rfc822Name, "invalid@invalid@example.com")], null,
                b => b.SubjectAltName(false, new GeneralName(GeneralName.Rfc822Name, "example@example.com"))),
            PathValidationFailure.NameConstraintsViolation, "4.2.1.10");

    [Fact]
    public async Task NameConstraints_ThousandsOfNamesAgainstThousandsOfConstraints_RefusedWithinBudget()
    {
        var permitted = Enumerable.Range(0, 2048).Select(i => Dns($"t{i}.test")).Append(Dns("test")).ToArray();
        var excluded = Enumerable.Range(0, 2048).Select(i => Dns($"x{i}.test")).ToArray();
        var root = Root("Many Constraints").NameConstraints(permitted, excluded).Build();
        var leaf = Leaf("t0.test", root).SubjectAltName(false, Enumerable.Range(0, 2048).Select(i => Dns($"t{i}.test")).ToArray()).Build();

        var result = await TestPaths.BuildAsync(leaf, root).WaitAsync(TimeSpan.FromMinutes(2));

        RuleAssert.Rejected(result, PathValidationFailure.NameConstraintsViolation, "comparisons");
    }

    [Fact]
    public async Task NameConstraints_HundredsOfNamesAndConstraints_CheckedNotRefused()
    {
        var root = Root("Some Constraints").NameConstraints([Dns("test")], Enumerable.Range(0, 200).Select(i => Dns($"x{i}.test")).ToArray()).Build();
        var leaf = Leaf("t0.test", root).SubjectAltName(false, Enumerable.Range(0, 200).Select(i => Dns($"t{i}.test")).ToArray()).Build();

        RuleAssert.Valid(await TestPaths.BuildAsync(leaf, root));
    }
}
