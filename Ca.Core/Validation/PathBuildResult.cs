namespace Ca.Core.Validation;

/// <summary>Result of building and validating paths for a target certificate.</summary>
/// <param name="Outcome">Whether a valid path, only invalid paths, no path at all was found, or the budget ran out.</param>
/// <param name="Path">The valid path, or the path that produced <paramref name="Validation"/>'s failure.</param>
/// <param name="Validation">The validation result of <paramref name="Path"/> (NoChainFound when there is none).</param>
/// <param name="CandidatesTried">How many candidate chains were validated, for diagnostics.</param>
public sealed record PathBuildResult(PathBuildOutcome Outcome, CandidatePath? Path, PathValidationResult Validation, int CandidatesTried)
{
    /// <summary>True when a valid path was found.</summary>
    public bool IsValid => Outcome == PathBuildOutcome.Valid;

    /// <summary>Signature verifications spent ranking issuer candidates, for diagnostics.</summary>
    public int SignatureChecks { get; init; }
}
