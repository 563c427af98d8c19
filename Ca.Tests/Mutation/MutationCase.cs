using System.Text;

namespace Ca.Tests.Mutation;

/// <summary>What a correct answer to a hostile request looks like on that endpoint.</summary>
internal enum Answer
{
    /// <summary>The REST API: an error is an RFC 9457 problem document (application/problem+json).</summary>
    Problem,

    /// <summary>OCSP: a request it cannot use is an OCSPResponse (malformedRequest, unauthorized), HTTP 200.</summary>
    Ocsp,

    /// <summary>RFC 3161: a query it cannot use is a TimeStampResp with status rejection, HTTP 200.</summary>
    TimeStamp,

    /// <summary>A verification endpoint: a 2xx is a validation report; an error is a problem document.</summary>
    Report,

    /// <summary>ACME (RFC 8555 6.7): an error is a problem document whose type is an urn:ietf:params:acme:error, with a detail.</summary>
    Acme,

    /// <summary>The portal: pages for people; an error is a page or a redirect, never a 5xx.</summary>
    Page,
}

/// <summary>One HTTP request as the mutator builds it; nothing in it is checked or normalized by the client.</summary>
internal sealed record FuzzRequest(string Method, string Target)
{
    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; null for an anonymous request.</summary>
    public string? ApiKey { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Sent with Transfer-Encoding: chunked instead of a Content-Length.</summary>
    public bool Chunked { get; init; }

    /// <summary>A cookie header (portal sessions, antiforgery).</summary>
    public string? Cookie { get; init; }

    /// <summary>The request as text a person can replay: method, target, headers, the body (base64 when long or binary).</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Shorten(Target, 300));
        if (ApiKey is not null)
        {
            text.Append(" [authenticated]");
        }

        foreach (var (name, value) in Headers)
        {
            text.Append(" | ").Append(name).Append(": ").Append(Shorten(value, 120));
        }

        if (ContentType is not null)
        {
            text.Append(" | Content-Type: ").Append(Shorten(ContentType, 200));
        }

        if (Body is { } body)
        {
            text.Append(" | body ").Append(body.Length).Append(" bytes");
            text.Append(body.Length <= 4096 ? " base64 " + Convert.ToBase64String(body) : $" SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))}");
        }

        return text.ToString();
    }

    private static string Shorten(string value, int max) => value.Length <= max ? value : $"{value[..max]}…({value.Length} chars)";
}

/// <summary>
/// One mutated request with what must hold for it: the answer kind, and whether the endpoint is read-only
/// (then it may write nothing whatever it answers; otherwise nothing when it refuses).
/// </summary>
internal sealed record MutationCase(Mutagen Mutagen, FuzzRequest Request, Answer Answer, bool ReadOnly)
{
    public override string ToString() => $"{Mutagen} → {Request.Describe()}";
}
