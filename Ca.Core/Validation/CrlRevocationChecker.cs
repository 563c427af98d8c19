using Ca.Core.Common;
using Ca.Core.Revocation;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// RFC 5280 section 6.3 CRL processing: distribution point and issuing distribution point matching, reason-code
/// partitions, indirect CRLs, delta CRLs, certificateHold/removeFromCRL, CRL freshness and authenticated CRL
/// signers (including separate CRL signing certificates, whose own paths are validated to the same anchor).
/// </summary>
/// <remarks>
/// A revocation dated after the validation time does not count, unless the reason is a key compromise (or
/// unspecified): a compromise may have happened before it was reported, so earlier signatures are not trusted.
/// </remarks>
public sealed class CrlRevocationChecker : IRevocationChecker
{
    private readonly ICrlSource _crls;
    private readonly CrlSignerResolver _signers;
    private readonly RevocationOrigin _origin;

    /// <summary>Creates a CRL-based checker.</summary>
    /// <param name="crls">Where complete and delta CRLs come from.</param>
    /// <param name="crlSignerCandidates">
    /// Extra certificates that may have signed CRLs (separate CRL signing keys, indirect CRL issuers); the path
    /// under validation is always considered too.
    /// </param>
    /// <param name="maxNesting">
    /// How deep CRL-signer validation may recurse (a CRL signer's status is itself checked with CRLs).
    /// </param>
    /// <param name="origin">How the report names these CRLs: fetched (<see cref="RevocationOrigin.Crl"/>) or supplied.</param>
    public CrlRevocationChecker(ICrlSource crls, IEnumerable<X509Certificate>? crlSignerCandidates = null, int maxNesting = 4, RevocationOrigin origin = RevocationOrigin.Crl)
    {
        _crls = crls ?? throw new ArgumentNullException(nameof(crls));
        _origin = origin;
        _signers = new CrlSignerResolver(this, crlSignerCandidates?.ToList() ?? [], maxNesting);
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cert = request.Certificate;
        var all = (await _crls.GetCrlsAsync(cert, cancellationToken).ConfigureAwait(false)).Select(ParsedCrl.TryOf).OfType<ParsedCrl>().ToList();
        var completes = all.Where(c => !c.IsDelta).ToList();
        var deltas = all.Where(c => c.IsDelta).ToList();

        IReadOnlyList<Org.BouncyCastle.Asn1.X509.DistributionPoint> points;
        try
        {
            points = CrlScope.DistributionPointsOf(cert);
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return RevocationCheckResult.Unknown("the certificate's CRL distribution points cannot be decoded");
        }

        var reasonsMask = 0;
        RevocationSource? used = null;
        var problem = "no CRL in scope for the certificate";
        foreach (var point in points)
        {
            foreach (var crl in completes)
            {
                if (reasonsMask == CrlReasonMask.AllReasons)
                {
                    break;
                }
                if (!InScope(point, crl, cert))
                {
                    continue;
                }
                var interim = CrlReasonMask.Interim(point, crl.IssuingDistributionPoint);
                if ((interim & ~reasonsMask) == 0)
                {
                    continue;
                }
                if (crl.Unusable is { } unusable)
                {
                    problem = $"CRL from '{crl.IssuerName}' {unusable}";
                    continue;
                }
                if (!crl.IsFresh(request.ValidationTime))
                {
                    problem = $"CRL from '{crl.IssuerName}' is stale (nextUpdate {crl.Crl.NextUpdate:O})";
                    continue;
                }

                var signerKey = await _signers.ResolveAsync(crl, request, cancellationToken).ConfigureAwait(false);
                if (signerKey is null)
                {
                    problem = $"no valid CRL signer with cRLSign for CRL from '{crl.IssuerName}'";
                    continue;
                }

                var (deltaUsable, delta) = SelectDelta(crl, deltas, signerKey, request.ValidationTime);
                if (!deltaUsable)
                {
                    problem = $"delta CRLs for the CRL from '{crl.IssuerName}' are stale or unverifiable";
                    continue;
                }

                var entry = delta?.Find(cert) ?? crl.Find(cert);
                reasonsMask |= interim;
                used = SourceOf(delta ?? crl);
                if (entry is not null && entry.Reason != RevocationReason.RemoveFromCrl && CountsAt(entry, request.ValidationTime))
                {
                    return RevocationCheckResult.Revoked(new DateTimeOffset(entry.RevocationDate, TimeSpan.Zero), entry.Reason ?? RevocationReason.Unspecified).From(used);
                }
            }
        }

        return reasonsMask == CrlReasonMask.AllReasons
            ? RevocationCheckResult.Good.From(used!)
            : RevocationCheckResult.Unknown(reasonsMask == 0 ? problem : $"CRLs do not cover all revocation reasons ({problem})");
    }

    private RevocationSource SourceOf(ParsedCrl crl) => new(
        _origin,
        _crls.LocationOf(crl.Crl),
        crl.CrlNumber?.ToString(),
        crl.IssuerName.ToString(),
        new DateTimeOffset(DateTime.SpecifyKind(crl.Crl.ThisUpdate, DateTimeKind.Utc)),
        crl.Crl.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null);

    /// <summary>
    /// 6.3.3 (c)(ii)/(h): picks the newest delta CRL for the complete CRL. Returns unusable when deltas exist for this
    /// scope but none is fresh and authentic, because the complete CRL alone is then known to be out of date.
    /// </summary>
    private static (bool Usable, ParsedCrl? Delta) SelectDelta(ParsedCrl complete, List<ParsedCrl> deltas, AsymmetricKeyParameter signerKey, DateTimeOffset time)
    {
        if (complete.CrlNumber is not { } number)
        {
            return (true, null);
        }
        var candidates = deltas
            .Where(d => d.HasSameScope(complete) && d.BaseCrlNumber!.CompareTo(number) <= 0 && d.CrlNumber is { } n && n.CompareTo(number) > 0)
            .ToList();
        if (candidates.Count == 0)
        {
            return (true, null);
        }
        var usable = candidates
            .Where(d => d.Unusable is null && d.IsFresh(time) && SignatureChecks.VerifyCrl(d.Crl, signerKey))
            .OrderByDescending(d => d.CrlNumber)
            .FirstOrDefault();
        return (usable is not null, usable);
    }

    /// <summary>6.3.3 (b); a CRL whose scope cannot be decoded is not in scope (it is unusable, not an error).</summary>
    private static bool InScope(Org.BouncyCastle.Asn1.X509.DistributionPoint point, ParsedCrl crl, X509Certificate cert)
    {
        try
        {
            return CrlScope.IssuerMatches(point, crl, cert) && CrlScope.Covers(point, crl, cert);
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return false;
        }
    }

    private static bool CountsAt(ParsedCrlEntry entry, DateTimeOffset time) =>
        entry.RevocationDate <= time.UtcDateTime ||
        entry.Reason is null or RevocationReason.Unspecified or RevocationReason.KeyCompromise or RevocationReason.CACompromise or RevocationReason.AACompromise;
}
