using Ca.Tests.Support.Pki;
using Ca.Core.Validation;

namespace Ca.Tests.Validation;

/// <summary>Specification tests for path building over a pool of candidate certificates.</summary>
public sealed class CertificatePathBuilderTests
{
    [Fact]
    public async Task MissingIntermediate_PoolWithoutIt_NoChainFound()
    {
        var chain = new TestChain();

        var result = await Build(chain, pool: []);

        Assert.Equal(PathBuildOutcome.NoChainFound, result.Outcome);
        Assert.Equal(PathValidationFailure.NoChainFound, result.Validation.Failure);
        Assert.Null(result.Path);
    }

    [Fact]
    public async Task CompletePool_WithUnrelatedCertificates_FindsValidPath()
    {
        var chain = new TestChain();
        var unrelated = TestCertificateBuilder.Intermediate("Unrelated CA", chain.RootCa).Build().Certificate;

        var result = await Build(chain, pool: [unrelated, chain.Intermediate]);

        Assert.Equal(PathBuildOutcome.Valid, result.Outcome);
        Assert.Equal([chain.Intermediate, chain.EndEntity], result.Path!.Chain);
    }

    [Fact]
    public async Task SameNameIntermediateWithWrongKey_InPool_StillFindsValidPath()
    {
        var chain = new TestChain();
        var impostor = TestCertificateBuilder.Intermediate("Test Intermediate", chain.RootCa).Build().Certificate;

        var result = await Build(chain, pool: [impostor, chain.Intermediate]);

        Assert.Equal(PathBuildOutcome.Valid, result.Outcome);
        Assert.Same(chain.Intermediate, result.Path!.Chain[0]);
    }

    [Fact]
    public async Task OnlyExpiredIntermediate_InPool_NoValidPathWithExpired()
    {
        var chain = new TestChain(intermediate: b => b.Validity(TestCertificateBuilder.DefaultNotBefore, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        var result = await Build(chain, pool: [chain.Intermediate]);

        Assert.Equal(PathBuildOutcome.NoValidPath, result.Outcome);
        Assert.Equal(PathValidationFailure.Expired, result.Validation.Failure);
    }

    [Fact]
    public async Task ExpiredAndImpostorIntermediates_InPool_ReportsExpiredRatherThanSignatureFailure()
    {
        var chain = new TestChain(intermediate: b => b.Validity(TestCertificateBuilder.DefaultNotBefore, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        // Without an SKI the impostor's key identifier cannot rule it out: only its signature can.
        var impostor = TestCertificateBuilder.Intermediate("Test Intermediate", chain.RootCa).Without(Org.BouncyCastle.Asn1.X509.X509Extensions.SubjectKeyIdentifier).Build().Certificate;

        var result = await Build(chain, pool: [impostor, chain.Intermediate]);

        Assert.Equal(PathBuildOutcome.NoValidPath, result.Outcome);
        Assert.Equal(PathValidationFailure.Expired, result.Validation.Failure);
        Assert.Equal(2, result.CandidatesTried);
    }

    [Fact]
    public void CyclicCrossCertificates_Enumerated_TerminatesWithoutLoops()
    {
        var chain = new TestChain();
        var (keyA, keyB) = (TestKeys.New(), TestKeys.New());
        var a = TestCertificateBuilder.Root("Cross A").Key(keyA).IssuerName(TestCertificateBuilder.Name("Cross B")).SignedWith(keyB.Private).Without(Org.BouncyCastle.Asn1.X509.X509Extensions.AuthorityKeyIdentifier).Build();
        var b = TestCertificateBuilder.Root("Cross B").Key(keyB).IssuerName(TestCertificateBuilder.Name("Cross A")).SignedWith(keyA.Private).Without(Org.BouncyCastle.Asn1.X509.X509Extensions.AuthorityKeyIdentifier).Build();
        var leaf = TestCertificateBuilder.Leaf("Leaf", a).Build();

        var candidates = new CertificatePathBuilder().EnumerateCandidates(leaf, [a, b], [new ValidationTrustAnchor(chain.Root)]).ToList();

        Assert.Empty(candidates);
    }

    [Fact]
    public async Task IntermediateWithOuterSignatureAlgorithmDifferentFromTbs_Built_FailedFormatFailure()
    {
        var chain = new TestChain();
        var altered = Support.CertificateSurgery.WithOuterSignatureAlgorithm(chain.Intermediate, new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha384));

        var result = await Build(chain, pool: [altered]);

        Assert.Equal(PathValidationFailure.MalformedInput, result.Validation.Failure);
        Assert.Contains("4.1.1.2", result.Validation.Message);
        var verdict = PathVerdicts.Map(result, timeIsProven: true);
        Assert.Equal(ValidationIndication.Failed, verdict.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, verdict.SubIndication);
    }

    [Fact]
    public async Task IntermediateWithUndecodablePublicKey_Built_FailedFormatFailure()
    {
        var chain = new TestChain();
        var broken = Support.CertificateSurgery.WithSubjectPublicKeyInfo(chain.Intermediate, Support.CertificateSurgery.EcKeyWithoutParameters(), chain.RootCa.PrivateKey);

        var result = await Build(chain, pool: [broken]);

        Assert.Equal(PathValidationFailure.MalformedInput, result.Validation.Failure);
        Assert.Equal(ValidationSubIndication.FormatFailure, PathVerdicts.Map(result, timeIsProven: true).SubIndication);
    }

    private static Task<PathBuildResult> Build(TestChain chain, IReadOnlyList<Org.BouncyCastle.X509.X509Certificate> pool) =>
        new CertificatePathBuilder().BuildAndValidateAsync(
            chain.EndEntity, pool, [new ValidationTrustAnchor(chain.Root)], new CertificatePathValidator(), TestChain.Settings, chain.Crls());
}
