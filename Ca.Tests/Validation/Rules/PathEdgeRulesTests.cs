using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using static Ca.Tests.Support.Pki.TestCertificateBuilder;

namespace Ca.Tests.Validation.Rules;

/// <summary>Edges of RFC 5280 6.1: path length and self-issued certificates, and the granularity of time.</summary>
public sealed class PathEdgeRulesTests
{
    private static readonly TestCertificate Anchor = Root().Build();

    [Fact]
    public async Task PathLength_SelfIssuedIntermediate_NotCounted()
    {
        var first = Intermediate("CA", Anchor).PathLength(1).Build();
        var rollover = Intermediate(first.Subject, first).PathLength(1).Build();
        var issuing = Intermediate("Issuing CA", rollover).PathLength(0).Build();
        var leaf = Leaf("Leaf", issuing).Build();
        RuleAssert.Valid(await TestPaths.BuildAsync(leaf, Anchor, first, rollover, issuing));
    }

    [Fact]
    public async Task MaxPathLength_SelfIssuedIntermediate_NotCounted()
    {
        var first = Intermediate("CA", Anchor).Build();
        var rollover = Intermediate(first.Subject, first).Build();
        var leaf = Leaf("Leaf", rollover).Build();
        var result = await TestPaths.BuildAsync(leaf, [Anchor], [first, rollover], TestPaths.Settings with { MaxPathLength = 1 });
        RuleAssert.Valid(result);
    }

    [Fact]
    public async Task MaxPathLength_TwoIntermediatesWhereOneAllowed_Rejected()
    {
        var first = Intermediate("CA 1", Anchor).Build();
        var second = Intermediate("CA 2", first).Build();
        var leaf = Leaf("Leaf", second).Build();
        var result = await TestPaths.BuildAsync(leaf, [Anchor], [first, second], TestPaths.Settings with { MaxPathLength = 1 });
        RuleAssert.Rejected(result, PathValidationFailure.PathLengthExceeded);
    }

    [Fact]
    public async Task MaxPathLength_ZeroWithoutIntermediates_Accepted()
    {
        var leaf = Leaf("Leaf", Anchor).Build();
        RuleAssert.Valid(await TestPaths.BuildAsync(leaf, [Anchor], [], TestPaths.Settings with { MaxPathLength = 0 }));
    }

    [Fact]
    public async Task ValidationTime_FractionOfASecondAfterNotAfter_Accepted()
    {
        var notAfter = new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var (root, leaf) = ShortLived(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), notAfter);
        var result = await TestPaths.BuildAsync(leaf, [root], [], TestPaths.Settings with { ValidationTime = notAfter.AddMilliseconds(5) });
        RuleAssert.Valid(result);
    }

    [Fact]
    public async Task ValidationTime_OneSecondAfterNotAfter_Rejected()
    {
        var notAfter = new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var (root, leaf) = ShortLived(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), notAfter);
        var result = await TestPaths.BuildAsync(leaf, [root], [], TestPaths.Settings with { ValidationTime = notAfter.AddSeconds(1) });
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task ValidationTime_FractionOfASecondBeforeNotBefore_Rejected()
    {
        var notBefore = new DateTime(2024, 3, 1, 0, 0, 1, DateTimeKind.Utc);
        var (root, leaf) = ShortLived(notBefore, new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        var result = await TestPaths.BuildAsync(leaf, [root], [], TestPaths.Settings with { ValidationTime = notBefore.AddMilliseconds(-1) });
        RuleAssert.Rejected(result, PathValidationFailure.NotYetValid);
    }

    private static (TestCertificate Root, TestCertificate Leaf) ShortLived(DateTime notBefore, DateTime notAfter)
    {
        var root = Root("Short Root").Validity(new DateTime(2024, 1, 1), new DateTime(2030, 1, 1)).Build();
        return (root, Leaf("Leaf", root).Validity(notBefore, notAfter).Build());
    }
}
