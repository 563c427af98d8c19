using System.Text;

namespace Ca.Core.Common;

/// <summary>
/// PEM armour (RFC 7468) in both directions. Lenient on input (any whitespace, CRLF, surrounding text),
/// strict on output (64-column base64, LF line ends), as RFC 7468 section 2 recommends.
/// </summary>
public static class Pem
{
    /// <summary>Armours DER with the given label, e.g. CERTIFICATE.</summary>
    public static string Encode(string label, ReadOnlySpan<byte> der)
    {
        var base64 = Convert.ToBase64String(der);
        var builder = new StringBuilder(base64.Length + 80);
        builder.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            builder.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        builder.Append("-----END ").Append(label).Append("-----\n");
        return builder.ToString();
    }

    /// <summary>
    /// Returns the DER of the first block whose label is one of <paramref name="labels"/>, or null when
    /// the text holds no such block or its base64 is damaged.
    /// </summary>
    public static byte[]? TryDecode(string text, params string[] labels)
    {
        foreach (var label in labels)
        {
            var begin = $"-----BEGIN {label}-----";
            var end = $"-----END {label}-----";
            var start = text.IndexOf(begin, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            start += begin.Length;
            var stop = text.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0)
            {
                return null;
            }

            return DecodeBody(text.AsSpan(start, stop - start));
        }

        return null;
    }

    /// <summary>
    /// All blocks with the given label, in order (a chain file); stops at the first damaged block. Linear in the
    /// text: it may be a megabyte posted by anyone.
    /// </summary>
    public static IReadOnlyList<byte[]> DecodeAll(string text, string label)
    {
        var result = new List<byte[]>();
        var begin = $"-----BEGIN {label}-----";
        var end = $"-----END {label}-----";
        var position = 0;
        while (true)
        {
            var start = text.IndexOf(begin, position, StringComparison.Ordinal);
            if (start < 0)
            {
                return result;
            }

            start += begin.Length;
            var stop = text.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0 || DecodeBody(text.AsSpan(start, stop - start)) is not { } block)
            {
                return result;
            }

            result.Add(block);
            position = stop + end.Length;
        }
    }

    /// <summary>The base64 between the armour lines, whitespace ignored; null when it is not base64.</summary>
    private static byte[]? DecodeBody(ReadOnlySpan<char> armoured)
    {
        var body = new string(armoured.ToArray().Where(c => !char.IsWhiteSpace(c)).ToArray());
        try
        {
            return Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
