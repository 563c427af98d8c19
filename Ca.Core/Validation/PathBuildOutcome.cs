namespace Ca.Core.Validation;

/// <summary>Distinguishes "nothing chains to a trusted anchor" from "chains exist but all are invalid".</summary>
public enum PathBuildOutcome
{
    /// <summary>A candidate chain validated successfully.</summary>
    Valid,
    /// <summary>Chains to an anchor exist, but none validated; the best failure is reported.</summary>
    NoValidPath,
    /// <summary>No chain from the target to any trust anchor could be assembled from the pool.</summary>
    NoChainFound,
    /// <summary>
    /// The work budget (<see cref="PathBuildingOptions"/>) ran out before a valid chain was found: whether one exists
    /// is unknown. The validation message says which limit was reached.
    /// </summary>
    BudgetExhausted,
}
