namespace Ca.Tests.Conformance;

/// <summary>NIST PKITS (RFC 5280 path validation conformance): every one of the 247 expectations.</summary>
public sealed class PkitsTests
{
    private const int MinimumPassing = 243;

    /// <summary>
    /// Cases our validator is known to get wrong, with the reason. Empty: all 247 expectations are met. A case listed
    /// here is asserted to still produce the documented wrong result, so a fix is noticed.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> KnownDeviations = new Dictionary<string, string>(StringComparer.Ordinal);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in PkitsData.All.Keys)
        {
            data.Add(name);
        }
        return data;
    }

    [Fact]
    public void PkitsData_Loaded_Has247Cases()
    {
        Assert.Equal(247, PkitsData.All.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PkitsCase_ValidatedAtFixedTime_MatchesExpectedOutcome(string pkitsCase)
    {
        var testCase = PkitsData.All[pkitsCase];
        var outcome = await PkitsRunner.RunAsync(testCase);
        var met = PkitsRunner.MeetsExpectation(testCase, outcome);

        if (KnownDeviations.TryGetValue(pkitsCase, out var reason))
        {
            Assert.False(met, $"Known deviation now passes - remove it from KnownDeviations ({reason}).");
            return;
        }

        Assert.True(met,
            $"expected {(testCase.ShouldValidate ? "valid" : "invalid")}, got {outcome.Build.Outcome}: {outcome.Build.Validation}; " +
            $"user-constrained policies [{string.Join(",", outcome.UserConstrainedPolicies)}]");
    }

    [Fact]
    public async Task PkitsSuite_AllCases_AtLeast243ExpectationsMet()
    {
        var results = await Task.WhenAll(PkitsData.All.Values.Select(async c => PkitsRunner.MeetsExpectation(c, await PkitsRunner.RunAsync(c))));
        var passing = results.Count(r => r);

        Assert.True(passing >= MinimumPassing, $"only {passing} of {results.Length} PKITS expectations met");
        Assert.Equal(results.Length - KnownDeviations.Count, passing);
    }
}
