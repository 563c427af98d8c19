using Ca.Tests.Support.Pki;
using Ca.Core.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// Path building over pools an attacker chooses: it ends (with INDETERMINATE when the work budget runs out), it stops
/// when cancelled, and it does not repeat work (loops pruned, signatures verified once).
/// </summary>
public sealed class PathBuildingBudgetTests
{
    /// <summary>Generous: a run that needs it has hung; the budgeted search ends in well under a second.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private static readonly PathBuildingOptions Unlimited = new()
    {
        MaxIssuerCandidates = int.MaxValue,
        MaxSignatureChecks = int.MaxValue,
        MaxCandidatePaths = int.MaxValue,
        Timeout = TimeSpan.FromDays(1),
    };

    [Fact]
    public async Task SameNamedCaFlood_HundredCertificatesWithoutKeyIdentifiers_IndeterminateBudgetExhausted()
    {
        var (leaf, pool) = (SameNamedCaFlood.Leaf, SameNamedCaFlood.Pool);
        using var giveUp = new CancellationTokenSource(Generous);

        // The default counting limits, with the wall-clock limit out of reach: on a starved machine 100
        // signature checks may take longer than the default 20 s, and this test is about the count.
        var builder = new CertificatePathBuilder(new PathBuildingOptions { Timeout = TimeSpan.FromDays(1) });

        var result = await Task.Run(() => Build(builder, leaf, pool, giveUp.Token)).WaitAsync(Generous);

        Assert.Equal(PathBuildOutcome.BudgetExhausted, result.Outcome);
        Assert.Contains("budget exhausted", result.Validation.Message);
        Assert.Contains("100 signature checks", result.Validation.Message);
        var verdict = PathVerdicts.Map(result, timeIsProven: true);
        Assert.Equal(ValidationIndication.Indeterminate, verdict.Indication);
        Assert.Equal(ValidationSubIndication.NoCertificateChainFound, verdict.SubIndication);
        Assert.Contains("budget", verdict.Message);
    }

    [Fact]
    public async Task SameNamedCaFlood_CancelledAfterShortDelay_ThrowsOperationCanceled()
    {
        var (leaf, pool) = (SameNamedCaFlood.Leaf, SameNamedCaFlood.Pool);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var build = Task.Run(() => Build(new CertificatePathBuilder(Unlimited), leaf, pool, cancel.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build.WaitAsync(Generous));
    }

    [Fact]
    public async Task SameNamedCaFlood_WallClockLimitReached_BudgetExhaustedNamingTheTimeLimit()
    {
        var (leaf, pool) = (SameNamedCaFlood.Leaf, SameNamedCaFlood.Pool);
        var builder = new CertificatePathBuilder(new PathBuildingOptions
        {
            MaxIssuerCandidates = int.MaxValue,
            MaxSignatureChecks = int.MaxValue,
            MaxCandidatePaths = int.MaxValue,
            Timeout = TimeSpan.FromMilliseconds(300),
        });

        var result = await Task.Run(() => Build(builder, leaf, pool, CancellationToken.None)).WaitAsync(Generous);

        Assert.Equal(PathBuildOutcome.BudgetExhausted, result.Outcome);
        Assert.Contains("time limit", result.Validation.Message);
    }

    [Fact]
    public async Task ReissuedSelfSignedCa_SameSubjectAndKeyEightTimes_PrunedAsLoopsNoChainFound()
    {
        var key = TestKeys.New();
        var reissuedCas = Enumerable.Range(0, 8)
            .Select(_ => TestCertificateBuilder.Root("Loop CA").Key(key).WithoutKeyIdentifiers().Build())
            .ToList();
        var reissued = reissuedCas.Select(c => c.Certificate).ToList();
        var leaf = TestCertificateBuilder.Leaf("Loop Leaf", reissuedCas[0]).WithoutKeyIdentifiers().Build().Certificate;

        // Eight orderings of one CA would be 8! paths; as one CA they are eight one-step paths.
        var result = await Build(new CertificatePathBuilder(new PathBuildingOptions { MaxIssuerCandidates = 50 }), leaf, reissued, CancellationToken.None);

        Assert.Equal(PathBuildOutcome.NoChainFound, result.Outcome);
    }

    [Fact]
    public async Task SharedUpperIssuer_ReachedThroughTwoIntermediates_EachSignatureVerifiedOnce()
    {
        var (a1, a2, b, c1, c2, c3) = (TestKeys.New(), TestKeys.New(), TestKeys.New(), TestKeys.New(), TestKeys.New(), TestKeys.New());
        X509Certificate Ca(string subject, string issuer, Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair key, Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair by) =>
            TestCertificateBuilder.Root(subject).Key(key).IssuerName(TestCertificateBuilder.Name(issuer)).SignedWith(by.Private).WithoutKeyIdentifiers().Build();
        var pool = new[]
        {
            Ca("A", "B", a1, b), Ca("A", "B", a2, b), Ca("B", "C", b, c1),
            Ca("C", "Nowhere", c1, c1), Ca("C", "Nowhere", c2, c2), Ca("C", "Nowhere", c3, c3),
        };
        var leaf = TestCertificateBuilder.Root("Leaf").NotCa().Key(TestKeys.New()).IssuerName(TestCertificateBuilder.Name("A")).SignedWith(a1.Private).WithoutKeyIdentifiers().Build().Certificate;

        var result = await Build(new CertificatePathBuilder(), leaf, pool, CancellationToken.None);

        // leaf against A1 and A2, A1 and A2 against B, B against the three C keys once, not once per route to B.
        Assert.Equal(PathBuildOutcome.NoChainFound, result.Outcome);
        Assert.Equal(7, result.SignatureChecks);
    }

    private static Task<PathBuildResult> Build(CertificatePathBuilder builder, X509Certificate leaf, IReadOnlyList<X509Certificate> pool, CancellationToken cancellationToken) =>
        builder.BuildAndValidateAsync(
            leaf, pool, [new ValidationTrustAnchor(TestCertificateBuilder.Root().Build().Certificate)], new CertificatePathValidator(), TestChain.Settings, revocation: null, cancellationToken);
}
