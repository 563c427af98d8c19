using Ca.Core.Revocation;
using Ca.Core.Validation;
using Moq;

namespace Ca.Tests.Validation;

/// <summary>Tests for chaining revocation sources (database first, CRLs as fallback).</summary>
public sealed class CompositeRevocationCheckerTests
{
    [Fact]
    public async Task FirstCheckerUnknown_SecondRevoked_ReturnsRevoked()
    {
        var revokedAt = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var composite = new CompositeRevocationChecker(
            Checker(RevocationCheckResult.Unknown("not ours")),
            Checker(RevocationCheckResult.Revoked(revokedAt, RevocationReason.KeyCompromise)));

        var result = await composite.CheckAsync(Request(), CancellationToken.None);

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(revokedAt, result.RevocationTime);
    }

    [Fact]
    public async Task FirstCheckerGood_Consulted_SecondNotAsked()
    {
        var second = new Mock<IRevocationChecker>(MockBehavior.Strict);
        var composite = new CompositeRevocationChecker(Checker(RevocationCheckResult.Good), second.Object);

        var result = await composite.CheckAsync(Request(), CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, result.Status);
    }

    [Fact]
    public async Task AllCheckersUnknown_Consulted_UnknownWithAllReasons()
    {
        var composite = new CompositeRevocationChecker(Checker(RevocationCheckResult.Unknown("db: not ours")), Checker(RevocationCheckResult.Unknown("no CRL")));

        var result = await composite.CheckAsync(Request(), CancellationToken.None);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Equal("db: not ours; no CRL", result.Detail);
    }

    private static IRevocationChecker Checker(RevocationCheckResult answer)
    {
        var mock = new Mock<IRevocationChecker>();
        mock.Setup(c => c.CheckAsync(It.IsAny<RevocationRequest>(), It.IsAny<CancellationToken>())).Returns(ValueTask.FromResult(answer));
        return mock.Object;
    }

    private static RevocationRequest Request()
    {
        var chain = new TestChain();
        return new RevocationRequest
        {
            Certificate = chain.EndEntity,
            Issuer = chain.Intermediate,
            IssuerName = chain.Intermediate.SubjectDN,
            IssuerPublicKey = chain.Intermediate.GetPublicKey(),
            ValidationTime = Ca.Tests.Support.Pki.TestCertificateBuilder.ValidationTime,
            TrustAnchor = new ValidationTrustAnchor(chain.Root),
        };
    }
}
