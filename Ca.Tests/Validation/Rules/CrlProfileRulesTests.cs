using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1.X509;
using static Ca.Tests.Support.Pki.TestCertificateBuilder;

namespace Ca.Tests.Validation.Rules;

/// <summary>RFC 5280 5.2.3: a CRL must carry a non-critical cRLNumber; a CRL that does not is not used.</summary>
public sealed class CrlProfileRulesTests
{
    private static readonly TestCertificate Anchor = Root().Build();
    private static readonly TestCertificate Ca = Intermediate("CA", Anchor).Build();
    private static readonly TestCertificate Leaf = Leaf("Leaf", Ca).Build();
    private static readonly DateTime RevokedAt = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Task<PathBuildResult> WithCaCrlAsync(Func<TestCrlBuilder, TestCrlBuilder> edit) =>
        TestPaths.BuildWithCrlsAsync(Leaf, Anchor, [TestCrlBuilder.By(Anchor).Build(), edit(TestCrlBuilder.By(Ca)).Build()], Ca);

    [Fact]
    public async Task Crl_ConformingWithoutEntry_Accepted() => RuleAssert.Valid(await WithCaCrlAsync(b => b));

    [Fact]
    public async Task Crl_ConformingWithLeafRevoked_Revoked() =>
        RuleAssert.Rejected(await WithCaCrlAsync(b => b.Revoke(Leaf, RevokedAt)), PathValidationFailure.Revoked);

    [Fact]
    public async Task Crl_CriticalCrlNumber_NotUsed() =>
        RuleAssert.Rejected(await WithCaCrlAsync(b => b.Number(7, critical: true)), PathValidationFailure.RevocationUnknown, "critical cRLNumber");

    [Fact]
    public async Task Crl_WithoutCrlNumber_NotUsed() =>
        RuleAssert.Rejected(await WithCaCrlAsync(b => b.Without(X509Extensions.CrlNumber)), PathValidationFailure.RevocationUnknown, "no cRLNumber");
}
