using System.Diagnostics.CodeAnalysis;

namespace Ca.Core.Ocsp;

/// <summary>
/// Decodes the GET form of an OCSP request (RFC 6960 A.1: the DER, base64-encoded, then URL-encoded, as
/// the last path segment). Accepts standard and URL-safe base64, with or without padding, because
/// clients differ and a '/' in standard base64 may even have been left unescaped.
/// </summary>
public static class OcspRequestParser
{
    /// <summary>Longest encoded request accepted; RFC 5019 clients use GET only below 255 bytes.</summary>
    public const int MaxEncodedLength = 4096;

    /// <summary>
    /// Decodes <paramref name="encoded"/> (everything after <c>/ocsp/</c>, still URL-encoded) into request
    /// DER; false when it is not base64. Whether the DER is a valid request is the responder's call.
    /// </summary>
    public static bool TryDecodeGetPath(string? encoded, [NotNullWhen(true)] out byte[]? requestDer)
    {
        requestDer = null;
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > MaxEncodedLength)
        {
            return false;
        }

        var text = Uri.UnescapeDataString(encoded.Trim().TrimStart('/'))
            .Replace(' ', '+') // a '+' turned into a space by form-style decoding
            .Replace('-', '+')
            .Replace('_', '/')
            .TrimEnd('=');
        if (text.Length == 0 || text.Length % 4 == 1)
        {
            return false;
        }

        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written == 0)
        {
            return false;
        }

        requestDer = buffer[..written];
        return true;
    }
}
