using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// Builds candidate certification paths from a target to trust anchors by issuer/subject name and AKI/SKI
/// matching, then validates them in turn. Needed because real-world pools contain cross-certificates, rolled-over
/// CA keys and unrelated certificates, so the first chain found is not necessarily a valid one.
/// </summary>
/// <remarks>
/// The pool may come from anyone (the verification endpoints are anonymous), so every run has a work budget
/// (<see cref="PathBuildingOptions"/>): issuer candidates, signature checks, candidate chains and wall-clock time.
/// When it runs out before a valid path is found the outcome is <see cref="PathBuildOutcome.BudgetExhausted"/>,
/// never an endless search. Cancellation is honoured at every step.
/// </remarks>
public sealed class CertificatePathBuilder
{
    private readonly PathBuildingOptions limits;
    private readonly TimeProvider clock;

    /// <summary>Creates a builder.</summary>
    /// <param name="limits">The work budget of each run; the defaults when null.</param>
    /// <param name="clock">The clock of the wall-clock limit; the system clock when null.</param>
    public CertificatePathBuilder(PathBuildingOptions? limits = null, TimeProvider? clock = null)
    {
        this.limits = limits ?? new PathBuildingOptions();
        this.limits.EnsureValid();
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Enumerates candidate chains lazily, most plausible first (issuers whose key verifies the signature are tried
    /// before mere name matches). Loops are avoided, depth is bounded, and the enumeration simply ends when the
    /// issuer-candidate or signature-check budget runs out.
    /// </summary>
    /// <param name="target">The end-entity (or any) certificate to build a path for.</param>
    /// <param name="intermediates">Pool of candidate intermediate certificates; may contain unrelated ones.</param>
    /// <param name="anchors">The trust anchors.</param>
    /// <param name="cancellationToken">Stops the search (it then throws <see cref="OperationCanceledException"/>).</param>
    public IEnumerable<CandidatePath> EnumerateCandidates(
        X509Certificate target,
        IEnumerable<X509Certificate> intermediates,
        IEnumerable<ValidationTrustAnchor> anchors,
        CancellationToken cancellationToken = default) =>
        new PathSearch(target, intermediates, anchors, limits.MaxDepth, new PathBuildingBudget(limits), cancellationToken).Enumerate();

    /// <summary>
    /// Builds candidate chains and validates each until one passes; otherwise reports the most informative failure,
    /// <see cref="PathBuildOutcome.NoChainFound"/> when no anchor is reachable, or
    /// <see cref="PathBuildOutcome.BudgetExhausted"/> when the work budget ran out first.
    /// </summary>
    /// <param name="target">The certificate to validate.</param>
    /// <param name="intermediates">Pool of candidate intermediate certificates.</param>
    /// <param name="anchors">The trust anchors.</param>
    /// <param name="validator">Validator run on each candidate.</param>
    /// <param name="settings">Validation inputs.</param>
    /// <param name="revocation">Revocation checker passed to the validator.</param>
    /// <param name="cancellationToken">The caller's cancellation (e.g. the HTTP request's); throws when it fires.</param>
    public async Task<PathBuildResult> BuildAndValidateAsync(
        X509Certificate target,
        IEnumerable<X509Certificate> intermediates,
        IEnumerable<ValidationTrustAnchor> anchors,
        CertificatePathValidator validator,
        PathValidationSettings settings,
        IRevocationChecker? revocation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var budget = new PathBuildingBudget(limits);
        using var deadline = new CancellationTokenSource(limits.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        (CandidatePath Path, PathValidationResult Result)? best = null;
        var tried = 0;
        try
        {
            var search = new PathSearch(target, intermediates, anchors, limits.MaxDepth, budget, linked.Token);
            foreach (var candidate in search.Enumerate())
            {
                if (!budget.TrySpendCandidatePath())
                {
                    break;
                }

                tried++;
                var result = await validator.ValidateAsync(candidate.Anchor, candidate.Chain, settings, revocation, linked.Token).ConfigureAwait(false);
                if (result.IsValid)
                {
                    return new PathBuildResult(PathBuildOutcome.Valid, candidate, result, tried) { SignatureChecks = budget.SignatureChecks };
                }

                if (best is null || Rank(result) > Rank(best.Value.Result))
                {
                    best = (candidate, result);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            budget.TimedOut();
        }

        if (budget.ExhaustedReason is { } reason)
        {
            return new PathBuildResult(
                PathBuildOutcome.BudgetExhausted,
                null,
                PathValidationResult.Fail(PathValidationFailure.NoChainFound, null, $"path building budget exhausted: {reason}"),
                tried) { SignatureChecks = budget.SignatureChecks };
        }

        return best is { } b
            ? new PathBuildResult(PathBuildOutcome.NoValidPath, b.Path, b.Result, tried) { SignatureChecks = budget.SignatureChecks }
            : new PathBuildResult(
                PathBuildOutcome.NoChainFound,
                null,
                PathValidationResult.Fail(PathValidationFailure.NoChainFound, null, $"no chain from '{target.SubjectDN}' to a trust anchor"),
                0) { SignatureChecks = budget.SignatureChecks };
    }

    /// <summary>
    /// Failures that show the chain is structurally plausible (cryptographically linked) are more useful to report
    /// than wrong-issuer guesses.
    /// </summary>
    private static int Rank(PathValidationResult result) => result.Failure switch
    {
        PathValidationFailure.SignatureInvalid or PathValidationFailure.NameChainingFailed or PathValidationFailure.UnsupportedAlgorithm => 0,
        _ => 1,
    };
}
