using Ca.Core.Validation;

namespace Ca.Tests.Validation.Rules;

/// <summary>Assertions on a path-building result that say which rule decided it.</summary>
internal static class RuleAssert
{
    public static void Valid(PathBuildResult result) =>
        Assert.True(result.IsValid, $"expected a valid path, got {result.Outcome}: {result.Validation}");

    public static void Rejected(PathBuildResult result, PathValidationFailure failure, string? messageFragment = null)
    {
        Assert.False(result.IsValid, "expected the path to be rejected");
        Assert.True(failure == result.Validation.Failure, $"expected {failure}, got {result.Validation}");
        if (messageFragment is not null)
        {
            Assert.Contains(messageFragment, result.Validation.Message, StringComparison.Ordinal);
        }
    }
}
