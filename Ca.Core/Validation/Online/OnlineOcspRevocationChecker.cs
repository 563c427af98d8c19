using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation.Online;

/// <summary>
/// An OCSP client for certificates of other CAs (RFC 6960): asks the responder named in the certificate's AIA
/// extension (http or https only, through the guarded fetcher), with a nonce unless configured off, and judges
/// the answer with <see cref="OcspResponseVerifier"/>. Conclusive answers are cached until their nextUpdate
/// (bounded); anything else is Unknown with the reason, so a CRL can be tried next.
/// </summary>
/// <remarks>
/// An answer signed by a delegated responder without id-pkix-ocsp-nocheck needs the responder's own status from
/// CRLs (RFC 6960 4.2.2.2.1): <see cref="CheckingRespondersWith"/> gives this client a request's CRL checkers. The
/// cache holds the answer before that check, so the check is made again for every request (the CRL itself is
/// cached by its source) and never rests on another request's CRLs.
/// </remarks>
public sealed class OnlineOcspRevocationChecker : IRevocationChecker
{
    /// <summary>Most responder URLs tried for one certificate.</summary>
    public const int MaxUrlsPerCertificate = 2;

    private readonly GuardedHttpFetcher fetcher;
    private readonly RevocationFetchOptions options;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, OcspExamination> cache = new(StringComparer.Ordinal);

    /// <summary>Creates the client.</summary>
    public OnlineOcspRevocationChecker(GuardedHttpFetcher fetcher, RevocationFetchOptions options, TimeProvider clock)
    {
        this.fetcher = fetcher;
        this.options = options;
        this.clock = clock;
    }

    /// <summary>Answers held in memory now.</summary>
    internal int CachedCount => cache.Count;

    /// <inheritdoc />
    /// <remarks>Without a responder status source: answers of delegated responders without id-pkix-ocsp-nocheck are not usable.</remarks>
    public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken) =>
        CheckAsync(request, null, cancellationToken);

    /// <summary>
    /// This client (same cache) with <paramref name="responderStatus"/> (CRL checkers only, never OCSP, so no loop)
    /// answering for delegated responders' own certificates.
    /// </summary>
    public IRevocationChecker CheckingRespondersWith(IRevocationChecker responderStatus) => new WithResponderStatus(this, responderStatus);

    /// <summary>The status of <see cref="RevocationRequest.Certificate"/> from its AIA responders.</summary>
    /// <param name="request">The certificate and its issuer certificate.</param>
    /// <param name="responderStatus">CRL-based checking of a delegated responder's certificate; null when none.</param>
    /// <param name="cancellationToken">Cancels the exchange and the responder's check.</param>
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, IRevocationChecker? responderStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Issuer is not { } issuer)
        {
            return RevocationCheckResult.Unknown("OCSP: no issuer certificate to name in the request");
        }

        var urls = ResponderUrls(request.Certificate);
        if (urls.Count == 0)
        {
            return RevocationCheckResult.Unknown("OCSP: the certificate names no http(s) OCSP responder");
        }

        var key = CacheKey(request.Certificate, issuer);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Answer.Source?.NextUpdate is { } until && until > now && request.ValidationTime <= until)
        {
            return Located(await OcspResponseVerifier.VouchAsync(cached, request, responderStatus, cancellationToken).ConfigureAwait(false), cached.Answer.Source.Location);
        }

        var why = RevocationCheckResult.Unknown("OCSP: no answer");
        foreach (var url in urls)
        {
            var examined = await ExamineAsync(url, request, cancellationToken).ConfigureAwait(false);
            if (examined.Answer.Status == RevocationStatus.Unknown)
            {
                why = examined.Answer;
                continue;
            }

            Remember(key, examined, now);
            var result = Located(await OcspResponseVerifier.VouchAsync(examined, request, responderStatus, cancellationToken).ConfigureAwait(false), url);
            if (result.Status != RevocationStatus.Unknown)
            {
                return result;
            }

            why = result;
        }

        return why;
    }

    /// <summary>Asks one responder about <see cref="RevocationRequest.Certificate"/> and judges the answer (no cache).</summary>
    /// <param name="url">The responder (http or https; guarded).</param>
    /// <param name="request">The certificate and its issuer certificate.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <param name="responderStatus">CRL-based checking of a delegated responder's certificate; null when none.</param>
    public async Task<RevocationCheckResult> QueryAsync(string url, RevocationRequest request, CancellationToken cancellationToken, IRevocationChecker? responderStatus = null)
    {
        var examined = await ExamineAsync(url, request, cancellationToken).ConfigureAwait(false);
        return Located(await OcspResponseVerifier.VouchAsync(examined, request, responderStatus, cancellationToken).ConfigureAwait(false), url);
    }

    /// <summary>Asks one responder and judges everything but the delegated responder's own status.</summary>
    private async Task<OcspExamination> ExamineAsync(string url, RevocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Issuer is not { } issuer)
        {
            return new(RevocationCheckResult.Unknown("OCSP: no issuer certificate to name in the request"), null);
        }

        var nonce = options.SendNonce ? RandomNumberGenerator.GetBytes(16) : null;
        var fetched = await fetcher.PostAsync(url, BuildRequest(request.Certificate, issuer, nonce), "application/ocsp-request", options.MaxOcspResponseBytes, cancellationToken).ConfigureAwait(false);
        if (fetched.Body is not { } body)
        {
            return new(RevocationCheckResult.Unknown($"OCSP: {fetched.Error}"), null);
        }

        var freshness = new OcspFreshness(TimeSpan.FromSeconds(options.ClockSkewSeconds), TimeSpan.FromSeconds(options.MaxOcspAgeWithoutNextUpdateSeconds), nonce);
        var examined = OcspResponseVerifier.Examine(body, request.Certificate, issuer, request.ValidationTime, clock.GetUtcNow(), freshness, new RevocationSource(RevocationOrigin.Ocsp, url));
        return examined.Answer.Status == RevocationStatus.Unknown ? examined with { Answer = Located(examined.Answer, url) } : examined;
    }

    /// <summary>An Unknown answer names the responder URL it came from (an "OCSP: ..." detail already says where it failed).</summary>
    private static RevocationCheckResult Located(RevocationCheckResult result, string? url) =>
        result.Status != RevocationStatus.Unknown || result.Detail?.StartsWith("OCSP", StringComparison.Ordinal) == true
            ? result
            : result with { Detail = $"OCSP {url}: {result.Detail}" };

    /// <summary>A DER OCSPRequest for one certificate (SHA-1 CertID, as RFC 5019 responders expect).</summary>
    public static byte[] BuildRequest(X509Certificate certificate, X509Certificate issuer, byte[]? nonce)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, certificate.SerialNumber));
        if (nonce is not null)
        {
            generator.SetRequestExtensions(new X509Extensions(
                new Dictionary<DerObjectIdentifier, X509Extension>
                {
                    [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(new DerOctetString(nonce).GetEncoded())),
                }));
        }

        return generator.Generate().GetEncoded();
    }

    /// <summary>The http(s) OCSP responder URLs of the certificate's AIA extension; an undecodable one names none.</summary>
    public static IReadOnlyList<string> ResponderUrls(X509Certificate certificate)
    {
        var urls = new List<string>();
        try
        {
            var value = certificate.GetExtensionValue(X509Extensions.AuthorityInfoAccess);
            if (value is null)
            {
                return urls;
            }

            foreach (var description in AuthorityInformationAccess.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetAccessDescriptions())
            {
                if (description.AccessMethod.Equals(AccessDescription.IdADOcsp)
                    && description.AccessLocation.TagNo == GeneralName.UniformResourceIdentifier
                    && description.AccessLocation.Name.ToString() is { } url
                    && GuardedHttpFetcher.IsFetchable(url)
                    && !urls.Contains(url, StringComparer.Ordinal))
                {
                    urls.Add(url);
                    if (urls.Count == MaxUrlsPerCertificate)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            // An undecodable AIA names no responder.
        }

        return urls;
    }

    private void Remember(string key, OcspExamination result, DateTimeOffset now)
    {
        if (result.Answer.Source?.NextUpdate is not { } until || until <= now || options.MaxCachedOcspResponses == 0)
        {
            return;
        }

        if (cache.Count >= options.MaxCachedOcspResponses)
        {
            foreach (var (stale, _) in cache.Where(e => e.Value.Answer.Source?.NextUpdate is not { } n || n <= now).ToList())
            {
                cache.TryRemove(stale, out _);
            }

            if (cache.Count >= options.MaxCachedOcspResponses)
            {
                return;
            }
        }

        cache[key] = result;
    }

    private static string CacheKey(X509Certificate certificate, X509Certificate issuer) =>
        Convert.ToHexString(SHA256.HashData(issuer.GetEncoded())) + ":" + certificate.SerialNumber.ToString(16);
}

/// <summary>An <see cref="OnlineOcspRevocationChecker"/> with a request's CRL checkers for delegated responders.</summary>
internal sealed class WithResponderStatus(OnlineOcspRevocationChecker owner, IRevocationChecker responderStatus) : IRevocationChecker
{
    public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken) =>
        owner.CheckAsync(request, responderStatus, cancellationToken);
}
