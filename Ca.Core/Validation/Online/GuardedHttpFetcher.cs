using System.Net;
using System.Net.Http.Headers;
using Ca.Core.Common.Net;

namespace Ca.Core.Validation.Online;

/// <summary>
/// Downloads revocation data from URLs named in submitted certificates: only http and https, every connection
/// (redirect hops included) through the <see cref="OutboundAddressGuard"/>, a bounded number of redirects, a
/// timeout and a size cap. Failures are an answer with a reason, never an exception, so revocation ends as
/// Unknown (INDETERMINATE/TRY_LATER) rather than an error.
/// </summary>
public sealed class GuardedHttpFetcher : IDisposable
{
    private readonly HttpClient http;
    private readonly RevocationFetchOptions options;

    /// <summary>Creates the fetcher with its own guarded handler.</summary>
    public GuardedHttpFetcher(RevocationFetchOptions options)
        : this(new OutboundAddressGuard(options.AllowLoopback, options.AllowPrivateNetworks, options.HostOverrides, "Pki:Validation:Fetch:HostOverrides"), options)
    {
    }

    /// <summary>Creates the fetcher over a given guard.</summary>
    public GuardedHttpFetcher(OutboundAddressGuard guard, RevocationFetchOptions options)
    {
        this.options = options;
        http = new HttpClient(guard.CreateHttpHandler(TimeSpan.FromSeconds(options.TimeoutSeconds))) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("PkiService-RevocationFetcher/1");
    }

    /// <summary>True for the only schemes fetched.</summary>
    public static bool IsFetchable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>GET <paramref name="url"/>, at most <paramref name="maxBytes"/>.</summary>
    public Task<FetchResult> GetAsync(string url, long maxBytes, CancellationToken cancellationToken) =>
        SendAsync(url, null, null, maxBytes, cancellationToken);

    /// <summary>POST <paramref name="body"/> to <paramref name="url"/>, at most <paramref name="maxBytes"/> back.</summary>
    public Task<FetchResult> PostAsync(string url, byte[] body, string contentType, long maxBytes, CancellationToken cancellationToken) =>
        SendAsync(url, body, contentType, maxBytes, cancellationToken);

    private async Task<FetchResult> SendAsync(string url, byte[]? body, string? contentType, long maxBytes, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsFetchable(url))
        {
            return FetchResult.Failed(url, $"'{url}' is not an http or https URL; not fetched");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, uri);
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308)
                {
                    if (response.Headers.Location is not { } location)
                    {
                        return FetchResult.Failed(url, $"{uri} redirected without a Location");
                    }

                    if (hop + 1 > options.MaxRedirects)
                    {
                        return FetchResult.Failed(url, $"more than {options.MaxRedirects} redirects from {url}");
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    {
                        return FetchResult.Failed(url, $"{uri} redirected to {next}, which is not http or https; not followed");
                    }

                    uri = next;
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return FetchResult.Failed(url, $"{uri} answered {(int)response.StatusCode}");
                }

                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    return FetchResult.Failed(url, $"{uri} answered more than {maxBytes} bytes");
                }

                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                var chunk = new byte[16384];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > maxBytes)
                    {
                        return FetchResult.Failed(url, $"{uri} answered more than {maxBytes} bytes");
                    }
                }

                return new FetchResult(url, uri.ToString(), buffer.ToArray(), null);
            }
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
        {
            return FetchResult.Failed(url, $"not fetched from {uri}: {refused.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return FetchResult.Failed(url, e is OperationCanceledException ? $"{uri} did not answer within {options.TimeoutSeconds} s" : $"fetching {uri} failed: {e.Message}");
        }
    }

    private static OutboundConnectionRefusedException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is OutboundConnectionRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}

/// <summary>What one download gave: the bytes, or why there are none.</summary>
/// <param name="Url">The URL asked for.</param>
/// <param name="FinalUrl">The URL that answered (after redirects); null on failure.</param>
/// <param name="Body">The response body; null on failure.</param>
/// <param name="Error">Why there is no body.</param>
public sealed record FetchResult(string Url, string? FinalUrl, byte[]? Body, string? Error)
{
    /// <summary>A failed download.</summary>
    public static FetchResult Failed(string url, string error) => new(url, null, null, error);
}
