namespace Ca.Core.Validation;

/// <summary>
/// Asks several checkers in order and returns the first conclusive (Good or Revoked) answer, so the CA can answer
/// for its own certificates from its database and fall back to CRLs for everything else.
/// </summary>
public sealed class CompositeRevocationChecker : IRevocationChecker
{
    private readonly IReadOnlyList<IRevocationChecker> _checkers;

    /// <summary>Creates a composite over the given checkers, consulted in order.</summary>
    /// <param name="checkers">Checkers to consult; an Unknown answer moves on to the next one.</param>
    public CompositeRevocationChecker(params IRevocationChecker[] checkers)
    {
        ArgumentNullException.ThrowIfNull(checkers);
        _checkers = checkers;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var checker in _checkers)
        {
            var result = await checker.CheckAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Status != RevocationStatus.Unknown)
            {
                return result;
            }
            reasons.Add(result.Detail ?? "unknown");
        }
        return RevocationCheckResult.Unknown(reasons.Count == 0 ? "no revocation checker configured" : string.Join("; ", reasons));
    }
}
