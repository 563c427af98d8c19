using Microsoft.Extensions.Options;

namespace Ca.Core.Common;

/// <summary>The URLs certificates point relying parties to; one place so CDP, AIA and the routes stay in step.</summary>
public sealed class PublicUrls
{
    private readonly string baseUrl;

    /// <summary>Creates the URL set from options.</summary>
    public PublicUrls(IOptions<PublicUrlOptions> options)
        : this(options.Value.PublicBaseUrl)
    {
    }

    /// <summary>Creates the URL set from a base URL.</summary>
    public PublicUrls(string publicBaseUrl)
    {
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"Pki:PublicBaseUrl '{publicBaseUrl}' must be an absolute http(s) URL.");
        }

        baseUrl = publicBaseUrl.TrimEnd('/');
    }

    /// <summary>The full CRL of a CA (CRL distribution point).</summary>
    public string Crl(string caId) => $"{baseUrl}/crl/{caId}.crl";

    /// <summary>The delta CRL of a CA (freshest CRL).</summary>
    public string DeltaCrl(string caId) => $"{baseUrl}/crl/{caId}-delta.crl";

    /// <summary>The OCSP responder (AIA id-ad-ocsp).</summary>
    public string Ocsp => $"{baseUrl}/ocsp";

    /// <summary>The RFC 3161 time-stamp authority.</summary>
    public string Tsa => $"{baseUrl}/tsa";

    /// <summary>The issuer's certificate in DER (AIA id-ad-caIssuers).</summary>
    public string CaCertificate(string caId) => $"{baseUrl}/ca/{caId}.crt";
}
