using Ca.Core.Acme;

namespace Ca.Api.Endpoints.Acme;

/// <summary>Reads an ACME POST (application/jose+json, bounded size) and passes it through the JWS gate.</summary>
internal static class AcmeRequests
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<VerifiedAcmeRequest> VerifyAsync(HttpContext http, AcmeRequestVerifier verifier, AcmeKeyRule rule, CancellationToken cancellationToken)
    {
        if (!BodyReading.Is(http.Request, AcmeResults.JoseJson))
        {
            throw new AcmeException(AcmeErrors.Malformed, $"ACME requests are sent as {AcmeResults.JoseJson}.", 415);
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new AcmeException(AcmeErrors.Malformed, $"An ACME request is at most {MaxBodyBytes} bytes.", 413);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new AcmeException(AcmeErrors.Malformed, $"An ACME request is at most {MaxBodyBytes} bytes.", 413);
            }

            buffer.Write(chunk, 0, read);
        }

        var urls = new AcmeUrls(http.Request);
        return await verifier.VerifyAsync(buffer.ToArray(), urls.Request, urls.AccountPrefix, rule, cancellationToken);
    }

    /// <summary>The audit correlation id of this request.</summary>
    public static string CorrelationId(HttpContext http) => System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
