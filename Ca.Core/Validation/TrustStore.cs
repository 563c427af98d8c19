using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Validation.Online;
using Ca.Core.Validation.Policy;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Assembles the <see cref="TrustContext"/> of one verification from the caller's policy: anchors (our roots,
/// read from the store each time so a new or retired hierarchy is seen at once, and extra anchors from PEM
/// files read once at construction; a named trust list; the caller's own), and revocation in this order: our
/// database (our certificates), the caller's OCSP responses and CRLs, then OCSP and CRLs fetched for other
/// CAs' certificates, all under one per-request time budget. A delegated OCSP responder's own certificate is
/// checked with the database and the same CRLs (the caller's, then fetched ones), inside the same budget.
/// </summary>
public sealed class TrustStore
{
    private readonly AuthorityRegistry authorities;
    private readonly IReadOnlyList<X509Certificate> extraAnchors;
    private readonly IRevocationChecker ownRevocation;
    private readonly ICrlSource? crls;
    private readonly OnlineOcspRevocationChecker? ocsp;
    private readonly TrustListRegistry trustLists;
    private readonly ValidationOptions options;
    private readonly TimeProvider clock;

    /// <summary>Creates the store; <paramref name="crls"/> and <paramref name="ocsp"/> serve certificates of other CAs when given.</summary>
    public TrustStore(
        AuthorityRegistry authorities,
        IssuedCertificateRevocationChecker ownRevocation,
        IOptions<ValidationOptions> options,
        ICrlSource? crls = null,
        OnlineOcspRevocationChecker? ocsp = null,
        TrustListRegistry? trustLists = null,
        TimeProvider? clock = null)
    {
        this.authorities = authorities;
        this.ownRevocation = ownRevocation;
        this.crls = crls;
        this.ocsp = ocsp;
        this.options = options.Value;
        this.trustLists = trustLists ?? new TrustListRegistry(options);
        this.clock = clock ?? TimeProvider.System;
        extraAnchors = LoadAnchors(options.Value.ExtraTrustAnchors);
    }

    /// <summary>The configured trust lists.</summary>
    public TrustListRegistry TrustLists => trustLists;

    /// <summary>The default context: our anchors, revocation required.</summary>
    public Task<TrustContext> GetAsync(CancellationToken cancellationToken) => GetAsync(ValidationPolicy.Default, cancellationToken);

    /// <summary>The anchors, CA pool and revocation checker for one validation under <paramref name="policy"/>.</summary>
    public async Task<TrustContext> GetAsync(ValidationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var records = await authorities.ListAsync(cancellationToken).ConfigureAwait(false);
        var anchorCertificates = new List<X509Certificate>();
        if (policy.ServiceAnchorsUsed)
        {
            anchorCertificates.AddRange(records.Where(r => r.ParentId is null).Select(r => new X509Certificate(r.CertificateDer)));
            anchorCertificates.AddRange(extraAnchors);
        }

        if (policy.TrustList is { } list)
        {
            anchorCertificates.AddRange(trustLists.AnchorsOf(list));
        }

        anchorCertificates.AddRange(policy.TrustAnchors);
        anchorCertificates = anchorCertificates.DistinctBy(c => Convert.ToBase64String(c.GetEncoded())).ToList();
        var intermediates = records.Where(r => r.ParentId is not null).Select(r => new X509Certificate(r.CertificateDer)).ToList();

        // CRLs answer for the certificates of the path and for delegated OCSP responders without id-pkix-ocsp-nocheck
        // (RFC 6960 4.2.2.2.1); a responder is never checked with OCSP, so it cannot vouch for itself.
        var crlCheckers = new List<IRevocationChecker>();
        if (policy.Crls.Count > 0)
        {
            crlCheckers.Add(new CrlRevocationChecker(new StaticCrlSource(policy.Crls), anchorCertificates, origin: RevocationOrigin.CallerCrl));
        }

        if (crls is not null)
        {
            crlCheckers.Add(new CrlRevocationChecker(crls));
        }

        var responderStatus = new CompositeRevocationChecker([ownRevocation, .. crlCheckers]);
        var checkers = new List<IRevocationChecker> { ownRevocation };
        if (policy.OcspResponses.Count > 0)
        {
            var skew = TimeSpan.FromSeconds(options.Fetch.ClockSkewSeconds);
            checkers.Add(new OcspResponsesRevocationChecker(policy.OcspResponses, RevocationOrigin.CallerOcsp, new OcspFreshness(skew, TimeSpan.FromSeconds(options.Fetch.MaxOcspAgeWithoutNextUpdateSeconds)), clock, responderStatus));
        }

        if (policy.Crls.Count > 0)
        {
            checkers.Add(crlCheckers[0]);
        }

        if (ocsp is not null)
        {
            checkers.Add(ocsp.CheckingRespondersWith(responderStatus));
        }

        if (crls is not null)
        {
            checkers.Add(crlCheckers[^1]);
        }

        var recorder = new RequestRevocationChecker(new CompositeRevocationChecker([.. checkers]), policy.Revocation, TimeSpan.FromSeconds(options.Fetch.RequestBudgetSeconds), clock);
        var applied = new AppliedPolicy(
            anchorCertificates.Select(AnchorFingerprint.Of).ToList(),
            policy.ServiceAnchorsUsed,
            policy.TrustList,
            policy.RequiredEku,
            policy.MaxPathLength,
            policy.Revocation,
            policy.Crls.Count,
            policy.OcspResponses.Count,
            ocsp is not null || crls is not null);
        return new TrustContext(anchorCertificates.Select(c => new ValidationTrustAnchor(c)).ToList(), intermediates, recorder)
        {
            Policy = policy,
            Applied = applied,
            Recorder = recorder,
        };
    }

    private static List<X509Certificate> LoadAnchors(IEnumerable<string> paths)
    {
        var anchors = new List<X509Certificate>();
        foreach (var path in paths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Pki:Validation:ExtraTrustAnchors: file '{path}' does not exist.");
            }

            var blocks = Pem.DecodeAll(File.ReadAllText(path), "CERTIFICATE");
            if (blocks.Count == 0)
            {
                throw new InvalidOperationException($"Pki:Validation:ExtraTrustAnchors: '{path}' holds no PEM certificate.");
            }

            anchors.AddRange(blocks.Select(der => new X509Certificate(der)));
        }

        return anchors;
    }
}
