using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme.Validation;

/// <summary>
/// dns-01 (RFC 8555 8.4): a TXT record at _acme-challenge.{name} must hold base64url(SHA-256(key
/// authorization)). Queried through the configured resolver (<c>Pki:Acme:Validation:DnsResolver</c>),
/// else the system's, without caching so a freshly published record is seen.
/// </summary>
public sealed class Dns01Validator : IChallengeValidator
{
    private readonly AcmeValidationOptions options;

    /// <summary>Creates the validator.</summary>
    public Dns01Validator(IOptions<AcmeOptions> options)
    {
        this.options = options.Value.Validation;
    }

    /// <inheritdoc />
    public string Type => AcmeChallengeTypes.Dns01;

    /// <inheritdoc />
    public async Task ValidateAsync(AcmeIdentifier identifier, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        var name = "_acme-challenge." + identifier.Value;
        var expected = KeyAuthorization.DnsTxtValue(keyAuthorization);
        IDnsQueryResponse response;
        try
        {
            response = await CreateClient().QueryAsync(name, QueryType.TXT, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e)
        {
            throw new ChallengeFailedException(AcmeErrors.Dns, $"DNS query for TXT {name} failed: {e.Message}", e);
        }

        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new ChallengeFailedException(AcmeErrors.Dns, $"DNS query for TXT {name} failed: {response.ErrorMessage}.");
        }

        var values = response.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToList();
        if (values.Contains(expected, StringComparer.Ordinal))
        {
            return;
        }

        throw new ChallengeFailedException(AcmeErrors.Unauthorized, values.Count == 0
            ? $"No TXT record found at {name}."
            : $"The TXT records at {name} ({string.Join(", ", values.Select(v => $"\"{v}\""))}) do not include \"{expected}\".");
    }

    private LookupClient CreateClient()
    {
        var settings = string.IsNullOrWhiteSpace(options.DnsResolver)
            ? new LookupClientOptions()
            : new LookupClientOptions(new NameServer(ParseEndpoint(options.DnsResolver)));
        settings.UseCache = false;
        settings.Timeout = options.Timeout;
        settings.Retries = 1;
        settings.ThrowDnsErrors = false;
        settings.ContinueOnDnsError = false;
        return new LookupClient(settings);
    }

    private static IPEndPoint ParseEndpoint(string text) =>
        IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint
            : throw new InvalidOperationException($"Pki:Acme:Validation:DnsResolver '{text}' is not an address[:port].");
}
