using Ca.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Downloads CRLs from a certificate's http(s) distribution points, with a timeout and a size cap, and
/// caches each until its nextUpdate. Network and parse errors are logged and yield no CRL, so the
/// checker answers Unknown (reported as INDETERMINATE/TRY_LATER) rather than an error. The cache is
/// bounded (<see cref="ValidationOptions.MaxCachedCrls"/>, <see cref="ValidationOptions.MaxCachedCrlBytes"/>).
/// </summary>
public sealed class HttpCrlSource : ICrlSource
{
    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly ValidationOptions options;
    private readonly ILogger<HttpCrlSource> logger;
    private readonly CrlDownloadCache cache;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Crl, string> locations = new();

    /// <summary>Most distribution-point URLs fetched for one certificate.</summary>
    public const int MaxUrlsPerCertificate = 4;

    /// <summary>Creates the source over a client the host configures (proxy, handler lifetime).</summary>
    public HttpCrlSource(HttpClient http, TimeProvider clock, IOptions<ValidationOptions> options, ILogger<HttpCrlSource> logger)
    {
        this.http = http;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
        cache = new CrlDownloadCache(this.options.MaxCachedCrls, this.options.MaxCachedCrlBytes);
    }

    /// <summary>CRLs held in memory now; bounded by the options.</summary>
    internal int CachedCount => cache.Count;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<X509Crl>> GetCrlsAsync(X509Certificate certificate, CancellationToken cancellationToken)
    {
        var crls = new List<X509Crl>();
        foreach (var url in DistributionPointUrls(certificate))
        {
            if (await FetchAsync(url, cancellationToken).ConfigureAwait(false) is { } crl)
            {
                crls.Add(crl);
            }
        }

        return crls;
    }

    /// <inheritdoc />
    public string? LocationOf(X509Crl crl) => locations.TryGetValue(crl, out var url) ? url : null;

    private async Task<X509Crl?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.Get(url, now) is { } cached)
        {
            return cached;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CrlFetchTimeoutSeconds));
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > options.MaxCrlBytes)
            {
                logger.LogWarning("CRL at {Url} is larger than {Max} bytes; ignored", url, options.MaxCrlBytes);
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > options.MaxCrlBytes)
                {
                    logger.LogWarning("CRL at {Url} is larger than {Max} bytes; ignored", url, options.MaxCrlBytes);
                    return null;
                }
            }

            if (CrlDecoder.TryDecode(buffer.ToArray()) is not { } crl)
            {
                logger.LogWarning("CRL at {Url} is not a CRL; ignored", url);
                return null;
            }

            cache.Add(url, crl, buffer.Length, now);
            locations.AddOrUpdate(crl, url);
            return crl;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("CRL download from {Url} failed: {Error}", url, e.Message);
            return null;
        }
    }

    /// <summary>
    /// The http(s) URLs of the certificate's CRL distribution points, then of its freshest-CRL (delta CRL)
    /// points, at most <see cref="MaxUrlsPerCertificate"/>: the certificate may come from anyone, and each URL
    /// costs a download. An undecodable extension names no URL.
    /// </summary>
    private static List<string> DistributionPointUrls(X509Certificate certificate)
    {
        var urls = new List<string>();
        AddUrls(certificate, X509Extensions.CrlDistributionPoints, urls);
        AddUrls(certificate, X509Extensions.FreshestCrl, urls);
        return urls;
    }

    private static void AddUrls(X509Certificate certificate, DerObjectIdentifier extension, List<string> urls)
    {
        try
        {
            var value = certificate.GetExtensionValue(extension);
            if (value is null || urls.Count >= MaxUrlsPerCertificate)
            {
                return;
            }

            foreach (var point in CrlDistPoint.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetDistributionPoints())
            {
                if (point.DistributionPointName is not { Type: DistributionPointName.FullName } name)
                {
                    continue;
                }

                foreach (var general in GeneralNames.GetInstance(name.Name).GetNames())
                {
                    if (general.TagNo == GeneralName.UniformResourceIdentifier
                        && general.Name.ToString() is { } uri
                        && (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                        && !urls.Contains(uri, StringComparer.Ordinal))
                    {
                        urls.Add(uri);
                        if (urls.Count == MaxUrlsPerCertificate)
                        {
                            return;
                        }
                    }
                }
            }
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            // The rest of an undecodable extension names no URL; the ones read so far are still worth a try.
        }
    }
}
