using Ca.Core.Validation;
using Ca.Core.Validation.Online;
using Ca.Core.Validation.Policy;
using Ca.Tests.Support.Pki;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Ocsp;

namespace Ca.Tests.Validation.Online;

/// <summary>
/// The OCSP client reached through the certificate's own AIA URL: conclusive answers are kept until their
/// nextUpdate, and one request's revocation work has a time budget.
/// </summary>
public sealed class OnlineOcspCacheAndBudgetTests
{
    private static readonly RevocationFetchOptions Loopback = new() { AllowLoopback = true };

    [Fact]
    public async Task Check_AskedTwiceBeforeNextUpdate_OneRequestToTheAiaResponder()
    {
        await using var foreign = ForeignOcsp.Start(null);
        using var fetcher = new GuardedHttpFetcher(Loopback);
        var checker = new OnlineOcspRevocationChecker(fetcher, Loopback, new FakeTimeProvider(TestCertificateBuilder.ValidationTime));

        var first = await checker.CheckAsync(Request(foreign), CancellationToken.None);
        var second = await checker.CheckAsync(Request(foreign), CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, first.Status);
        Assert.Equal(RevocationStatus.Good, second.Status);
        Assert.Equal(foreign.Server.Url, second.Source!.Location);
        Assert.Equal(1, foreign.Server.Requests);
    }

    [Fact]
    public async Task Check_RevokedAtAiaResponder_RevokedNamingTheUrl()
    {
        await using var foreign = ForeignOcsp.Start(new RevokedStatus(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), 1));
        using var fetcher = new GuardedHttpFetcher(Loopback);
        var checker = new OnlineOcspRevocationChecker(fetcher, Loopback, new FakeTimeProvider(TestCertificateBuilder.ValidationTime));

        var result = await checker.CheckAsync(Request(foreign), CancellationToken.None);

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(foreign.Server.Url, result.Source!.Location);
    }

    [Fact]
    public async Task RequestChecker_InnerCheckerNeverAnswers_UnknownWhenTheBudgetIsSpent()
    {
        var checker = new RequestRevocationChecker(new Hanging(), RevocationMode.Require, TimeSpan.FromSeconds(1), TimeProvider.System);
        await using var foreign = ForeignOcsp.Start(null);

        var result = await checker.CheckAsync(Request(foreign), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("budget", result.Detail);
        Assert.Equal(RevocationStatus.Unknown, Assert.Single(checker.Evidence).Status);
    }

    [Fact]
    public async Task RequestChecker_PreferAndNoAnswer_GoodButRecordedAsUnknown()
    {
        var checker = new RequestRevocationChecker(new CompositeRevocationChecker(), RevocationMode.Prefer, TimeSpan.FromSeconds(10), TimeProvider.System);
        await using var foreign = ForeignOcsp.Start(null);

        var result = await checker.CheckAsync(Request(foreign), CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(RevocationStatus.Unknown, Assert.Single(checker.Evidence).Status);
    }

    private static RevocationRequest Request(ForeignOcsp foreign) => new()
    {
        Certificate = foreign.Leaf,
        Issuer = foreign.Root,
        IssuerName = foreign.Root.SubjectDN,
        IssuerPublicKey = foreign.Root.GetPublicKey(),
        ValidationTime = TestCertificateBuilder.ValidationTime,
        TrustAnchor = new ValidationTrustAnchor(foreign.Root),
    };

    private sealed class Hanging : IRevocationChecker
    {
        public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return RevocationCheckResult.Good;
        }
    }
}
