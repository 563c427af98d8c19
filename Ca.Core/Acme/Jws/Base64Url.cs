namespace Ca.Core.Acme.Jws;

/// <summary>RFC 7515 base64url without padding; the only encoding ACME puts on the wire for binary data.</summary>
public static class Base64Url
{
    /// <summary>Encodes without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes, or returns null for anything that is not strict base64url (padding, '+', '/', whitespace).</summary>
    public static byte[]? TryDecode(string? text)
    {
        if (text is null || text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
            {
                return null;
            }
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }
}
