using System.Collections.Concurrent;

namespace Ca.Core.Validation.Policy;

/// <summary>
/// The revocation checker of one verification request: a time budget shared by all fetching (a chain of
/// slow responders cannot hold the request for long), a record of every answer for the report, and the
/// policy's mode (<see cref="RevocationMode.Prefer"/> accepts a certificate no source could answer for).
/// </summary>
public sealed class RequestRevocationChecker : IRevocationChecker
{
    private readonly IRevocationChecker inner;
    private readonly RevocationMode mode;
    private readonly TimeProvider clock;
    private readonly DateTimeOffset deadline;
    private readonly TimeSpan budget;
    private readonly ConcurrentDictionary<string, RevocationEvidence> answers = new(StringComparer.Ordinal);
    private int order;

    /// <summary>Creates the checker for one request; the budget starts now.</summary>
    public RequestRevocationChecker(IRevocationChecker inner, RevocationMode mode, TimeSpan budget, TimeProvider clock)
    {
        this.inner = inner;
        this.mode = mode;
        this.clock = clock;
        this.budget = budget;
        deadline = clock.GetUtcNow() + budget;
    }

    /// <summary>Every certificate asked about, in the order first asked, with its last answer.</summary>
    public IReadOnlyList<RevocationEvidence> Evidence => answers.Values.OrderBy(a => a.Order).ToList();

    /// <inheritdoc />
    public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken) =>
        CheckAsync(request, null, cancellationToken);

    /// <summary>
    /// This checker with <paramref name="first"/> asked before the service's sources (revocation data a signed
    /// document carries), sharing the record, the budget and the mode.
    /// </summary>
    public IRevocationChecker After(IRevocationChecker first) => new Preceded(this, first);

    internal async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, IRevocationChecker? first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await AskAsync(request, first is null ? inner : new CompositeRevocationChecker(first, inner), cancellationToken).ConfigureAwait(false);
        var key = CertificateIdentity.TryFrom(request.Certificate) is { } id ? $"{id.Issuer}|{id.SerialNumber}" : Guid.NewGuid().ToString();
        answers.AddOrUpdate(
            key,
            _ => RevocationEvidence.Of(request.Certificate, result, clock.GetUtcNow(), Interlocked.Increment(ref order)),
            (_, previous) => RevocationEvidence.Of(request.Certificate, result, clock.GetUtcNow(), previous.Order));
        return result.Status == RevocationStatus.Unknown && mode == RevocationMode.Prefer
            ? RevocationCheckResult.Good with { Detail = $"no revocation answer, accepted because the policy prefers but does not require one: {result.Detail}" }
            : result;
    }

    private async ValueTask<RevocationCheckResult> AskAsync(RevocationRequest request, IRevocationChecker checker, CancellationToken cancellationToken)
    {
        var left = deadline - clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return RevocationCheckResult.Unknown($"the revocation time budget of this request ({budget.TotalSeconds:0} s) is spent");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(left);
        try
        {
            return await checker.CheckAsync(request, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RevocationCheckResult.Unknown($"the revocation time budget of this request ({budget.TotalSeconds:0} s) is spent");
        }
    }
}

/// <summary>A <see cref="RequestRevocationChecker"/> that asks another checker first.</summary>
internal sealed class Preceded(RequestRevocationChecker owner, IRevocationChecker first) : IRevocationChecker
{
    public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken) =>
        owner.CheckAsync(request, first, cancellationToken);
}

/// <summary>One revocation answer as the report shows it.</summary>
/// <param name="Certificate">The certificate asked about.</param>
/// <param name="Status">Good, Revoked or Unknown.</param>
/// <param name="Detail">Why Unknown (every source's reason).</param>
/// <param name="Source">Where a Good or Revoked answer came from.</param>
/// <param name="RevocationTime">When revoked.</param>
/// <param name="CheckedAt">When the service asked.</param>
/// <param name="Order">Order of first asking, for a stable report.</param>
public sealed record RevocationEvidence(CertificateIdentity? Certificate, RevocationStatus Status, string? Detail, RevocationSource? Source, DateTimeOffset? RevocationTime, DateTimeOffset CheckedAt, int Order)
{
    /// <summary>Records an answer.</summary>
    public static RevocationEvidence Of(Org.BouncyCastle.X509.X509Certificate certificate, RevocationCheckResult result, DateTimeOffset checkedAt, int order) =>
        new(CertificateIdentity.TryFrom(certificate), result.Status, result.Detail, result.Source, result.RevocationTime, checkedAt, order);
}
