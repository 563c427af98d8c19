using System.Collections.Immutable;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// Builds candidate certification paths from a target to trust anchors by issuer/subject name and AKI/SKI
/// matching, then validates them in turn. Needed because real-world pools contain cross-certificates, rolled-over
/// CA keys and unrelated certificates, so the first chain found is not necessarily a valid one.
/// </summary>
public sealed class CertificatePathBuilder
{
    private readonly int _maxDepth;

    /// <summary>Creates a builder.</summary>
    /// <param name="maxDepth">Maximum number of certificates in a chain (anchor excluded); bounds the search.</param>
    public CertificatePathBuilder(int maxDepth = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        _maxDepth = maxDepth;
    }

    /// <summary>
    /// Enumerates candidate chains lazily, most plausible first (issuers whose key verifies the signature are tried
    /// before mere name matches). Loops are avoided and depth is bounded.
    /// </summary>
    /// <param name="target">The end-entity (or any) certificate to build a path for.</param>
    /// <param name="intermediates">Pool of candidate intermediate certificates; may contain unrelated ones.</param>
    /// <param name="anchors">The trust anchors.</param>
    public IEnumerable<CandidatePath> EnumerateCandidates(
        X509Certificate target,
        IEnumerable<X509Certificate> intermediates,
        IEnumerable<ValidationTrustAnchor> anchors)
    {
        ArgumentNullException.ThrowIfNull(target);
        var anchorList = anchors.ToList();
        var anchorKeys = anchorList.Where(a => a.Certificate is not null).Select(a => CertificateKey.Of(a.Certificate!)).ToHashSet();
        var pool = intermediates
            .DistinctBy(CertificateKey.Of)
            .Where(c => !anchorKeys.Contains(CertificateKey.Of(c)))
            .ToList();
        return Extend([target], ImmutableHashSet.Create(CertificateKey.Of(target)), pool, anchorList);
    }

    /// <summary>
    /// Builds candidate chains and validates each until one passes; otherwise reports the most informative failure,
    /// or <see cref="PathBuildOutcome.NoChainFound"/> when no anchor is reachable.
    /// </summary>
    /// <param name="target">The certificate to validate.</param>
    /// <param name="intermediates">Pool of candidate intermediate certificates.</param>
    /// <param name="anchors">The trust anchors.</param>
    /// <param name="validator">Validator run on each candidate.</param>
    /// <param name="settings">Validation inputs.</param>
    /// <param name="revocation">Revocation checker passed to the validator.</param>
    /// <param name="cancellationToken">Cancels validation I/O.</param>
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
        (CandidatePath Path, PathValidationResult Result)? best = null;
        var tried = 0;
        foreach (var candidate in EnumerateCandidates(target, intermediates, anchors))
        {
            cancellationToken.ThrowIfCancellationRequested();
            tried++;
            var result = await validator.ValidateAsync(candidate.Anchor, candidate.Chain, settings, revocation, cancellationToken).ConfigureAwait(false);
            if (result.IsValid)
            {
                return new PathBuildResult(PathBuildOutcome.Valid, candidate, result, tried);
            }
            if (best is null || Rank(result) > Rank(best.Value.Result))
            {
                best = (candidate, result);
            }
        }

        return best is { } b
            ? new PathBuildResult(PathBuildOutcome.NoValidPath, b.Path, b.Result, tried)
            : new PathBuildResult(
                PathBuildOutcome.NoChainFound,
                null,
                PathValidationResult.Fail(PathValidationFailure.NoChainFound, null, $"no chain from '{target.SubjectDN}' to a trust anchor"),
                0);
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

    private IEnumerable<CandidatePath> Extend(
        ImmutableList<X509Certificate> upward,
        ImmutableHashSet<CertificateKey> used,
        List<X509Certificate> pool,
        List<ValidationTrustAnchor> anchors)
    {
        var top = upward[^1];
        var topAki = CertificateFacts.GetAuthorityKeyIdentifier(top);

        foreach (var anchor in OrderByPlausibility(top, anchors.Where(a => Issues(a.Subject, a.Certificate, top, topAki)), a => a.PublicKey))
        {
            yield return new CandidatePath(anchor, upward.Reverse().ToList());
        }

        if (upward.Count >= _maxDepth)
        {
            yield break;
        }

        var issuers = pool.Where(c => !used.Contains(CertificateKey.Of(c)) && Issues(c.SubjectDN, c, top, topAki));
        foreach (var issuer in OrderByPlausibility(top, issuers, c => c.GetPublicKey()))
        {
            foreach (var path in Extend(upward.Add(issuer), used.Add(CertificateKey.Of(issuer)), pool, anchors))
            {
                yield return path;
            }
        }
    }

    private static bool Issues(Org.BouncyCastle.Asn1.X509.X509Name subject, X509Certificate? issuerCert, X509Certificate child, byte[]? childAki)
    {
        if (!child.IssuerDN.Equivalent(subject, true))
        {
            return false;
        }
        if (childAki is null || issuerCert is null || CertificateFacts.GetSubjectKeyIdentifier(issuerCert) is not { } ski)
        {
            return true;
        }
        return childAki.AsSpan().SequenceEqual(ski);
    }

    private static IEnumerable<T> OrderByPlausibility<T>(X509Certificate child, IEnumerable<T> issuers, Func<T, Org.BouncyCastle.Crypto.AsymmetricKeyParameter> key) =>
        issuers.OrderByDescending(i => SignatureChecks.Verify(child, key(i)).Failure == PathValidationFailure.None);
}
