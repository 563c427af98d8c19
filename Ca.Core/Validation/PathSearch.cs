using System.Collections.Immutable;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// One depth-first search for candidate paths from a target up to trust anchors, within a
/// <see cref="PathBuildingBudget"/>. Identical certificates are one node, a path never holds the same CA twice
/// (<see cref="PathNode.LoopIdentity"/>), each certificate's issuer candidates are found once, and each signature
/// (certificate, issuer key) is verified at most once; issuers whose key verifies the signature are tried first.
/// The search honours cancellation at every step and simply ends when the budget runs out.
/// </summary>
internal sealed class PathSearch
{
    private readonly PathNode? target;
    private readonly IReadOnlyList<PathNode> pool;
    private readonly IReadOnlyList<(ValidationTrustAnchor Anchor, byte[]? Ski)> anchors;
    private readonly int maxDepth;
    private readonly PathBuildingBudget budget;
    private readonly CancellationToken cancellationToken;
    private readonly Dictionary<PathNode, IReadOnlyList<PathNode>> issuersOf = [];
    private readonly Dictionary<(PathNode Child, AsymmetricKeyParameter IssuerKey), bool> signatures = [];

    public PathSearch(
        X509Certificate target,
        IEnumerable<X509Certificate> intermediates,
        IEnumerable<ValidationTrustAnchor> anchors,
        int maxDepth,
        PathBuildingBudget budget,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = PathNode.TryCreate(target);
        this.anchors = anchors.Select(a => (a, a.Certificate is { } c ? PathNode.TryCreate(c)?.SubjectKeyIdentifier : null)).ToList();
        var anchorKeys = this.anchors.Where(a => a.Anchor.Certificate is not null)
            .Select(a => PathNode.TryCreate(a.Anchor.Certificate!)?.Key)
            .OfType<CertificateKey>()
            .ToHashSet();
        pool = intermediates
            .Select(PathNode.TryCreate)
            .OfType<PathNode>()
            .DistinctBy(n => n.Key)
            .Where(n => !anchorKeys.Contains(n.Key))
            .ToList();
        this.maxDepth = maxDepth;
        this.budget = budget;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>Candidate paths, most plausible first; lazily, so validation can stop at the first valid one.</summary>
    public IEnumerable<CandidatePath> Enumerate() =>
        target is null ? [] : Extend(ImmutableList.Create(target));

    private IEnumerable<CandidatePath> Extend(ImmutableList<PathNode> upward)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var top = upward[^1];

        var issuingAnchors = Rank(top, anchors.Where(a => top.MayBeIssuedBy(a.Anchor.Subject, a.Ski)).Select(a => a.Anchor), a => a.PublicKey);
        if (issuingAnchors is null)
        {
            yield break;
        }

        foreach (var anchor in issuingAnchors)
        {
            yield return new CandidatePath(anchor, upward.Reverse().Select(n => n.Certificate).ToList());
        }

        if (upward.Count >= maxDepth)
        {
            yield break;
        }

        var issuers = Rank(top, IssuersOf(top).Where(i => !upward.Any(n => n.Key == i.Key || n.LoopIdentity == i.LoopIdentity)), i => i.PublicKey);
        if (issuers is null)
        {
            yield break;
        }

        foreach (var issuer in issuers)
        {
            if (!budget.TrySpendIssuerCandidate())
            {
                yield break;
            }

            foreach (var path in Extend(upward.Add(issuer)))
            {
                yield return path;
            }

            if (budget.IsExhausted)
            {
                yield break;
            }
        }
    }

    private IReadOnlyList<PathNode> IssuersOf(PathNode child)
    {
        if (!issuersOf.TryGetValue(child, out var issuers))
        {
            var found = new List<PathNode>();
            foreach (var candidate in pool)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (child.MayBeIssuedBy(candidate.Certificate.SubjectDN, candidate.SubjectKeyIdentifier))
                {
                    found.Add(candidate);
                }
            }

            issuersOf[child] = issuers = found;
        }

        return issuers;
    }

    /// <summary>
    /// Issuers whose key verifies the child's signature first, then the others (validation then says what is wrong
    /// with them); null when the signature budget ran out.
    /// </summary>
    private List<T>? Rank<T>(PathNode child, IEnumerable<T> candidates, Func<T, AsymmetricKeyParameter?> keyOf)
    {
        var verified = new List<T>();
        var others = new List<T>();
        foreach (var candidate in candidates)
        {
            if (keyOf(candidate) is not { } key)
            {
                others.Add(candidate);
                continue;
            }

            if (!signatures.TryGetValue((child, key), out var valid))
            {
                if (!budget.TrySpendSignatureCheck())
                {
                    return null;
                }

                cancellationToken.ThrowIfCancellationRequested();
                valid = SignatureChecks.Verify(child.Certificate, key).Failure == PathValidationFailure.None;
                signatures[(child, key)] = valid;
            }

            (valid ? verified : others).Add(candidate);
        }

        verified.AddRange(others);
        return verified;
    }
}
