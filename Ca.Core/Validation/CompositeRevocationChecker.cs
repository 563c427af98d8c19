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
    /// <remarks>
    /// Evidence refused on the way (<see cref="RevocationCheckResult.EvidenceNotUsable"/>, e.g. an OCSP answer whose
    /// delegated responder is revoked) is named in the detail of the answer that follows, so a report says why the
    /// first source was not used.
    /// </remarks>
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var refused = new List<string>();
        foreach (var checker in _checkers)
        {
            var result = await checker.CheckAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Status != RevocationStatus.Unknown)
            {
                return refused.Count == 0
                    ? result
                    : result with { Detail = string.Join("; ", refused.Select(r => "not used: " + r).Append(result.Detail).OfType<string>()) };
            }
            reasons.Add(result.Detail ?? "unknown");
            if (result.EvidenceNotUsable)
            {
                refused.Add(result.Detail ?? "unusable evidence");
            }
        }
        return reasons.Count == 0
            ? RevocationCheckResult.Unknown("no revocation checker configured")
            : refused.Count > 0 ? RevocationCheckResult.NotUsable(string.Join("; ", reasons)) : RevocationCheckResult.Unknown(string.Join("; ", reasons));
    }
}
