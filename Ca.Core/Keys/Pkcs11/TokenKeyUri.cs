using System.Text;

namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// The stored form of a token key: an RFC 7512 PKCS#11 URI naming the token, the object label
/// (CKA_LABEL) and id (CKA_ID), e.g. <c>pkcs11:token=PkiService;object=issuing-ca;id=%01%02;type=private</c>.
/// It is what the database keeps in place of a wrapped key: it locates the key and reveals nothing.
/// </summary>
public sealed record TokenKeyUri(string Token, string Label, byte[] Id)
{
    /// <summary>The URI scheme, as stored bytes start.</summary>
    public static ReadOnlySpan<byte> SchemeBytes => "pkcs11:"u8;

    /// <summary>Encodes the URI (RFC 7512 2.3: percent-encoding outside the unreserved set).</summary>
    public override string ToString() =>
        $"pkcs11:token={Escape(Encoding.UTF8.GetBytes(Token))};object={Escape(Encoding.UTF8.GetBytes(Label))};id={EscapeAll(Id)};type=private";

    /// <summary>The bytes to store.</summary>
    public byte[] ToStoredForm() => Encoding.ASCII.GetBytes(ToString());

    /// <summary>Parses a stored form; throws <see cref="FormatException"/> when it is not a token, object and id URI.</summary>
    public static TokenKeyUri Parse(ReadOnlySpan<byte> storedForm)
    {
        var text = Encoding.ASCII.GetString(storedForm);
        if (!text.StartsWith("pkcs11:", StringComparison.Ordinal))
        {
            throw new FormatException("Not a PKCS#11 URI.");
        }

        string? token = null, label = null;
        byte[]? id = null;
        foreach (var part in text["pkcs11:".Length..].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = Unescape(part[(eq + 1)..]);
            switch (part[..eq])
            {
                case "token": token = Encoding.UTF8.GetString(value); break;
                case "object": label = Encoding.UTF8.GetString(value); break;
                case "id": id = value; break;
            }
        }

        return token is not null && label is not null && id is not null
            ? new TokenKeyUri(token, label, id)
            : throw new FormatException("A stored PKCS#11 key URI must name token, object and id.");
    }

    /// <summary>Where a stored token key lives, for logs, health and the API.</summary>
    public static KeyReference Describe(byte[] storedForm)
    {
        var uri = Parse(storedForm);
        return new KeyReference(KeyReference.Pkcs11Provider, uri.Label, uri.ToString());
    }

    private static string Escape(byte[] bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string EscapeAll(byte[] bytes) => string.Concat(bytes.Select(b => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    private static byte[] Unescape(string value)
    {
        var output = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length)
            {
                output.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Add((byte)value[i]);
            }
        }

        return output.ToArray();
    }
}
