using Ca.Core.Validation;

namespace Ca.Tests.Conformance.Rfc5280;

/// <summary>
/// RFC 5280 conformance of Ca.Core's public path builder and validator, table-driven, with OpenSSL 3
/// (<c>openssl verify -x509_strict</c>) as co-judge on the same files. Every disagreement with OpenSSL is listed
/// in the table row with the RFC section that decides it; an unlisted one fails the row, as does a listed one
/// OpenSSL no longer has.
/// </summary>
public sealed class ConformanceTableTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var testCase in ConformanceCases.All)
        {
            data.Add(testCase.Name);
        }
        return data;
    }

    [Fact]
    public void ConformanceTable_AsWritten_HasAtLeast60UniqueCasesInEveryCategory()
    {
        Assert.True(ConformanceCases.All.Count >= 60, $"only {ConformanceCases.All.Count} cases");
        Assert.Equal(ConformanceCases.All.Count, ConformanceCases.All.Select(c => c.Name).Distinct().Count());
        Assert.Equal(
            ["CRL", "baseline", "name constraints", "path length and time", "profile", "trust anchor"],
            ConformanceCases.All.Select(c => c.Category).Distinct().Order(StringComparer.Ordinal));
        Assert.All(ConformanceCases.All, c => Assert.False(string.IsNullOrWhiteSpace(c.RfcSection)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ConformanceCase_ValidatedByCaCore_GetsTheTabledVerdict(string name)
    {
        var testCase = ConformanceCases.All.Single(c => c.Name == name);
        var chain = testCase.Build();
        var result = await ValidateAsync(chain);

        Assert.True(testCase.Valid == result.IsValid,
            $"{name} (RFC 5280 {testCase.RfcSection}): expected {(testCase.Valid ? "valid" : "invalid")}, got {result.Outcome}: {result.Validation}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConformanceCase_JudgedByOpenSsl_AgreesOrTheDifferenceIsListed(string name)
    {
        var testCase = ConformanceCases.All.Single(c => c.Name == name);
        var (openSslValid, output) = OpenSslVerifier.Verify(testCase.Build());

        if (testCase.OpenSslDiffers is { } reason)
        {
            Assert.True(openSslValid != testCase.Valid, $"{name}: listed as an OpenSSL difference ({reason}) but OpenSSL now agrees: {output}");
        }
        else
        {
            Assert.True(openSslValid == testCase.Valid,
                $"{name}: OpenSSL says {(openSslValid ? "valid" : "invalid")}, the table (RFC 5280 {testCase.RfcSection}) says {(testCase.Valid ? "valid" : "invalid")}; " +
                $"list the difference with its RFC reason or fix the validator. openssl: {output}");
        }
    }

    private static Task<PathBuildResult> ValidateAsync(ConformanceChain chain)
    {
        var settings = new PathValidationSettings { ValidationTime = chain.Time, CheckRevocation = chain.Crls.Count > 0 };
        var revocation = chain.Crls.Count > 0 ? new CrlRevocationChecker(new StaticCrlSource(chain.Crls)) : null;
        return new CertificatePathBuilder().BuildAndValidateAsync(
            chain.Target.Certificate,
            chain.Intermediates.Select(i => i.Certificate),
            chain.Anchors.Select(a => new ValidationTrustAnchor(a.Certificate)),
            new CertificatePathValidator(),
            settings,
            revocation);
    }
}
