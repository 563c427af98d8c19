using System.Globalization;

namespace Ca.Core.Validation;

/// <summary>
/// What one path-building run may still spend. Counters only go down; the first limit reached ends the run and is
/// remembered as <see cref="ExhaustedReason"/>, so the report can say why the search stopped.
/// </summary>
internal sealed class PathBuildingBudget(PathBuildingOptions limits)
{
    private int issuerCandidates;
    private int candidatePaths;

    /// <summary>Signature verifications spent so far.</summary>
    public int SignatureChecks { get; private set; }

    /// <summary>Why the run stopped early, or null while the budget lasts.</summary>
    public string? ExhaustedReason { get; private set; }

    public bool IsExhausted => ExhaustedReason is not null;

    /// <summary>Pays for stepping to one issuer candidate; false when the budget is gone.</summary>
    public bool TrySpendIssuerCandidate() =>
        TrySpend(ref issuerCandidates, limits.MaxIssuerCandidates, "issuer candidates");

    /// <summary>Pays for one signature verification; false when the budget is gone.</summary>
    public bool TrySpendSignatureCheck()
    {
        var used = SignatureChecks;
        var ok = TrySpend(ref used, limits.MaxSignatureChecks, "signature checks");
        SignatureChecks = used;
        return ok;
    }

    /// <summary>Pays for validating one complete candidate chain; false when the budget is gone.</summary>
    public bool TrySpendCandidatePath() =>
        TrySpend(ref candidatePaths, limits.MaxCandidatePaths, "candidate chains");

    /// <summary>Records that the wall-clock limit ended the run.</summary>
    public void TimedOut() =>
        ExhaustedReason ??= string.Create(CultureInfo.InvariantCulture, $"the time limit of {limits.Timeout.TotalSeconds:0.###} s was reached");

    private bool TrySpend(ref int used, int max, string what)
    {
        if (IsExhausted)
        {
            return false;
        }

        if (used >= max)
        {
            ExhaustedReason = string.Create(CultureInfo.InvariantCulture, $"more than {max} {what} would be needed");
            return false;
        }

        used++;
        return true;
    }
}
