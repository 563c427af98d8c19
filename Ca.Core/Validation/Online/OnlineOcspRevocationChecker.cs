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
public sealed class OnlineOcspRevocationChecker : IRevocationChecker
{
    /// <summary>Most responder URLs tried for one certificate.</summary>
    public const int MaxUrlsPerCertificate = 2;

    private readonly GuardedHttpFetcher fetcher;
    private readonly RevocationFetchOptions options;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, RevocationCheckResult> cache = new(StringComparer.Ordinal);

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
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
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
        if (cache.TryGetValue(key, out var cached) && cached.Source?.NextUpdate is { } until && until > now && request.ValidationTime <= until)
        {
            return cached;
        }

        var why = "OCSP: no answer";
        foreach (var url in urls)
        {
            var result = await QueryAsync(url, request, cancellationToken).ConfigureAwait(false);
            if (result.Status == RevocationStatus.Unknown)
            {
                why = result.Detail ?? why;
                continue;
            }

            Remember(key, result, now);
            return result;
        }

        return RevocationCheckResult.Unknown(why);
    }

    /// <summary>Asks one responder about <see cref="RevocationRequest.Certificate"/> and judges the answer (no cache).</summary>
    /// <param name="url">The responder (http or https; guarded).</param>
    /// <param name="request">The certificate and its issuer certificate.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    public async Task<RevocationCheckResult> QueryAsync(string url, RevocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Issuer is not { } issuer)
        {
            return RevocationCheckResult.Unknown("OCSP: no issuer certificate to name in the request");
        }

        var nonce = options.SendNonce ? RandomNumberGenerator.GetBytes(16) : null;
        var fetched = await fetcher.PostAsync(url, BuildRequest(request.Certificate, issuer, nonce), "application/ocsp-request", options.MaxOcspResponseBytes, cancellationToken).ConfigureAwait(false);
        if (fetched.Body is not { } body)
        {
            return RevocationCheckResult.Unknown($"OCSP: {fetched.Error}");
        }

        var freshness = new OcspFreshness(TimeSpan.FromSeconds(options.ClockSkewSeconds), TimeSpan.FromSeconds(options.MaxOcspAgeWithoutNextUpdateSeconds), nonce);
        var result = OcspResponseVerifier.Judge(body, request.Certificate, issuer, request.ValidationTime, clock.GetUtcNow(), freshness, new RevocationSource(RevocationOrigin.Ocsp, url));
        return result.Status == RevocationStatus.Unknown ? RevocationCheckResult.Unknown($"OCSP {url}: {result.Detail}") : result;
    }

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

    private void Remember(string key, RevocationCheckResult result, DateTimeOffset now)
    {
        if (result.Source?.NextUpdate is not { } until || until <= now || options.MaxCachedOcspResponses == 0)
        {
            return;
        }

        if (cache.Count >= options.MaxCachedOcspResponses)
        {
            foreach (var (stale, _) in cache.Where(e => e.Value.Source?.NextUpdate is not { } n || n <= now).ToList())
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
