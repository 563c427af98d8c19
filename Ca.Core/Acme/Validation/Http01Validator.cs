using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme.Validation;

/// <summary>
/// http-01 (RFC 8555 8.3): GET http://{name}/.well-known/acme-challenge/{token} must answer 200 with
/// the key authorization (trailing whitespace ignored). Redirects are followed a bounded number of
/// times, only to http or https on the validation ports, and every hop connects through the address
/// policy; https certificates are not judged (the name is being proven, not the server's TLS set-up).
/// </summary>
public sealed class Http01Validator : IChallengeValidator
{
    private const int MaxBodyBytes = 8192;
    private readonly ValidationAddressResolver resolver;
    private readonly AcmeValidationOptions options;

    /// <summary>Creates the validator.</summary>
    public Http01Validator(ValidationAddressResolver resolver, IOptions<AcmeOptions> options)
    {
        this.resolver = resolver;
        this.options = options.Value.Validation;
    }

    /// <inheritdoc />
    public string Type => AcmeChallengeTypes.Http01;

    /// <inheritdoc />
    public async Task ValidateAsync(AcmeIdentifier identifier, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, ct) =>
            {
                var socket = await resolver.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("PkiService-ACME-validation/1.0");

        var host = identifier.Type == AcmeIdentifier.Ip && identifier.Value.Contains(':') ? $"[{identifier.Value}]" : identifier.Value;
        var uri = new UriBuilder(Uri.UriSchemeHttp, host, options.HttpPort, "/.well-known/acme-challenge/" + token).Uri;
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is ChallengeFailedException failed)
            {
                throw failed;
            }
            catch (HttpRequestException e)
            {
                throw new ChallengeFailedException(AcmeErrors.Connection, $"Fetching {uri} failed: {e.Message}", e);
            }

            using (response)
            {
                if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308)
                {
                    uri = NextHop(uri, response.Headers.Location, hop);
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new ChallengeFailedException(AcmeErrors.Unauthorized, $"{uri} answered {(int)response.StatusCode}, not 200 with the key authorization.");
                }

                var body = await ReadLimitedAsync(response, cancellationToken).ConfigureAwait(false);
                var answer = body.TrimEnd(' ', '\t', '\r', '\n');
                if (!string.Equals(answer, keyAuthorization, StringComparison.Ordinal))
                {
                    throw new ChallengeFailedException(AcmeErrors.IncorrectResponse, $"{uri} answered \"{Shorten(answer)}\", not the key authorization \"{keyAuthorization}\".");
                }

                return;
            }
        }
    }

    private Uri NextHop(Uri from, Uri? location, int hop)
    {
        if (location is null)
        {
            throw new ChallengeFailedException(AcmeErrors.Connection, $"{from} redirected without a Location.");
        }

        if (hop + 1 > options.MaxRedirects)
        {
            throw new ChallengeFailedException(AcmeErrors.Connection, $"Too many redirects (more than {options.MaxRedirects}).");
        }

        var next = location.IsAbsoluteUri ? location : new Uri(from, location);
        var allowedPort = next.Scheme == Uri.UriSchemeHttp ? options.HttpPort : next.Scheme == Uri.UriSchemeHttps ? options.TlsPort : -1;
        if (allowedPort < 0 || next.Port != allowedPort)
        {
            throw new ChallengeFailedException(AcmeErrors.Connection,
                $"{from} redirected to {next}; only http on port {options.HttpPort} and https on port {options.TlsPort} are followed.");
        }

        return next;
    }

    private static async Task<string> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;
}
