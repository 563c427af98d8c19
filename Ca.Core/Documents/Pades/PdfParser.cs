using System.Globalization;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Reads PDF tokens and objects (ISO 32000-1 7.2, 7.3) from a byte buffer. Hostile input ends in a
/// <see cref="PdfFormatException"/>, never in unbounded recursion: nesting is capped by <see cref="PdfLimits"/>.
/// </summary>
internal sealed class PdfParser
{
    private readonly ReadOnlyMemory<byte> data;
    private readonly PdfLimits limits;

    public PdfParser(ReadOnlyMemory<byte> data, int position, PdfLimits limits)
    {
        this.data = data;
        Position = position;
        this.limits = limits;
    }

    /// <summary>Resolves an indirect stream /Length; without it the endstream keyword is searched for.</summary>
    public Func<PdfReference, long?>? LengthResolver { get; init; }

    /// <summary>The next byte to read.</summary>
    public int Position { get; set; }

    private ReadOnlySpan<byte> Span => data.Span;

    public static bool IsWhite(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    /// <summary>Skips white space and comments.</summary>
    public void SkipWhite()
    {
        var span = Span;
        while (Position < span.Length)
        {
            var b = span[Position];
            if (IsWhite(b))
            {
                Position++;
            }
            else if (b == '%')
            {
                while (Position < span.Length && span[Position] is not (byte)'\r' and not (byte)'\n')
                {
                    Position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Reads a bare keyword or number token (no delimiters), or null at a delimiter or the end.</summary>
    public string? ReadToken()
    {
        SkipWhite();
        var span = Span;
        var start = Position;
        while (Position < span.Length && !IsWhite(span[Position]) && !IsDelimiter(span[Position]))
        {
            Position++;
        }

        return Position == start ? null : Encoding.ASCII.GetString(span[start..Position]);
    }

    /// <summary>Expects a keyword (obj, endobj, R, xref ...).</summary>
    public void Expect(string keyword)
    {
        var token = ReadToken();
        if (token != keyword)
        {
            throw new PdfFormatException($"Expected '{keyword}' at offset {Position}, found '{token ?? "(delimiter)"}'.");
        }
    }

    /// <summary>Reads one object; integers followed by <c>g R</c> become references.</summary>
    public PdfObject ReadObject(int depth = 0)
    {
        if (depth > limits.MaxNesting)
        {
            throw new PdfFormatException($"Objects nested deeper than {limits.MaxNesting} levels.");
        }

        SkipWhite();
        var span = Span;
        if (Position >= span.Length)
        {
            throw new PdfFormatException("Unexpected end of file inside an object.");
        }

        switch (span[Position])
        {
            case (byte)'/':
                return ReadName();
            case (byte)'(':
                return ReadLiteralString();
            case (byte)'[':
            {
                Position++;
                var items = new List<PdfObject>();
                while (true)
                {
                    SkipWhite();
                    if (Position >= Span.Length)
                    {
                        throw new PdfFormatException("Unterminated array.");
                    }

                    if (Span[Position] == ']')
                    {
                        Position++;
                        return new PdfArray(items);
                    }

                    items.Add(ReadObject(depth + 1));
                }
            }

            case (byte)'<' when Position + 1 < span.Length && span[Position + 1] == '<':
                return ReadDictionary(depth, LengthResolver);
            case (byte)'<':
                return ReadHexString();
        }

        var start = Position;
        var token = ReadToken() ?? throw new PdfFormatException($"Unexpected '{(char)span[Position]}' at offset {Position}.");
        switch (token)
        {
            case "true":
                return new PdfBoolean(true);
            case "false":
                return new PdfBoolean(false);
            case "null":
                return PdfNull.Instance;
        }

        if (!IsNumber(token))
        {
            throw new PdfFormatException($"Unexpected token '{Truncate(token)}' at offset {start}.");
        }

        // n g R: look ahead without consuming when it is not a reference.
        if (IsUnsignedInteger(token))
        {
            var after = Position;
            var generation = ReadToken();
            if (generation is not null && IsUnsignedInteger(generation) && ReadToken() == "R"
                && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && int.TryParse(generation, NumberStyles.None, CultureInfo.InvariantCulture, out var gen))
            {
                return new PdfReference(number, gen);
            }

            Position = after;
        }

        return new PdfNumber(token);
    }

    /// <summary>Reads a dictionary, or a stream when the keyword <c>stream</c> follows it.</summary>
    public PdfObject ReadDictionary(int depth, Func<PdfReference, long?>? resolveLength = null)
    {
        Position += 2;
        var entries = new List<KeyValuePair<string, PdfObject>>();
        while (true)
        {
            SkipWhite();
            if (Position + 1 >= Span.Length)
            {
                throw new PdfFormatException("Unterminated dictionary.");
            }

            if (Span[Position] == '>' && Span[Position + 1] == '>')
            {
                Position += 2;
                break;
            }

            if (Span[Position] != '/')
            {
                throw new PdfFormatException($"Dictionary key expected at offset {Position}.");
            }

            var key = ReadName().Value;
            var value = ReadObject(depth + 1);
            entries.RemoveAll(e => e.Key == key);
            entries.Add(new(key, value));
        }

        var dictionary = new PdfDictionary(entries);
        var save = Position;
        if (ReadToken() != "stream")
        {
            Position = save;
            return dictionary;
        }

        // The data starts after CRLF or LF (7.3.8.1).
        if (Position < Span.Length && Span[Position] == '\r')
        {
            Position++;
        }

        if (Position < Span.Length && Span[Position] == '\n')
        {
            Position++;
        }

        var dataStart = Position;
        var declared = dictionary["Length"] switch
        {
            PdfNumber n => n.AsLong,
            PdfReference r when resolveLength is not null => resolveLength(r),
            _ => null,
        };
        int length;
        if (declared is { } l && l >= 0 && dataStart + l <= Span.Length && EndstreamFollows(dataStart + (int)l))
        {
            length = (int)l;
        }
        else
        {
            // A wrong /Length is common in the wild: fall back to the endstream keyword.
            var end = Span[dataStart..].IndexOf("endstream"u8);
            if (end < 0)
            {
                throw new PdfFormatException("A stream has no endstream.");
            }

            length = end;
            while (length > 0 && Span[dataStart + length - 1] is (byte)'\r' or (byte)'\n')
            {
                length--;
            }
        }

        Position = dataStart + length;
        SkipWhite();
        Expect("endstream");
        return new PdfStream(dictionary, data.Slice(dataStart, length));
    }

    private bool EndstreamFollows(int at)
    {
        var probe = new PdfParser(data, at, limits);
        return probe.ReadToken() == "endstream";
    }

    private PdfName ReadName()
    {
        Position++;
        var span = Span;
        var bytes = new List<byte>();
        while (Position < span.Length && !IsWhite(span[Position]) && !IsDelimiter(span[Position]))
        {
            var b = span[Position++];
            if (b == '#' && Position + 1 < span.Length && IsHex(span[Position]) && IsHex(span[Position + 1]))
            {
                b = (byte)((HexValue(span[Position]) << 4) | HexValue(span[Position + 1]));
                Position += 2;
            }

            bytes.Add(b);
        }

        return new PdfName(Encoding.UTF8.GetString(bytes.ToArray()));
    }

    private PdfString ReadLiteralString()
    {
        Position++;
        var span = Span;
        var bytes = new List<byte>();
        var depth = 1;
        while (true)
        {
            if (Position >= span.Length)
            {
                throw new PdfFormatException("Unterminated string.");
            }

            var b = span[Position++];
            switch (b)
            {
                case (byte)'(':
                    depth++;
                    bytes.Add(b);
                    break;
                case (byte)')':
                    if (--depth == 0)
                    {
                        return new PdfString(bytes.ToArray(), false);
                    }

                    bytes.Add(b);
                    break;
                case (byte)'\\' when Position < span.Length:
                {
                    var e = span[Position++];
                    switch (e)
                    {
                        case (byte)'n': bytes.Add(10); break;
                        case (byte)'r': bytes.Add(13); break;
                        case (byte)'t': bytes.Add(9); break;
                        case (byte)'b': bytes.Add(8); break;
                        case (byte)'f': bytes.Add(12); break;
                        case (byte)'\r':
                            if (Position < span.Length && span[Position] == '\n')
                            {
                                Position++;
                            }

                            break;
                        case (byte)'\n':
                            break;
                        case >= (byte)'0' and <= (byte)'7':
                        {
                            var value = e - '0';
                            for (var i = 0; i < 2 && Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'7'; i++)
                            {
                                value = (value * 8) + (span[Position++] - '0');
                            }

                            bytes.Add((byte)value);
                            break;
                        }

                        default:
                            bytes.Add(e);
                            break;
                    }

                    break;
                }

                default:
                    bytes.Add(b);
                    break;
            }
        }
    }

    private PdfString ReadHexString()
    {
        Position++;
        var span = Span;
        var end = span[Position..].IndexOf((byte)'>');
        if (end < 0)
        {
            throw new PdfFormatException("Unterminated hex string.");
        }

        var bytes = new byte[(end + 1) / 2];
        var count = 0;
        var high = -1;
        foreach (var b in span.Slice(Position, end))
        {
            if (IsWhite(b))
            {
                continue;
            }

            if (!IsHex(b))
            {
                throw new PdfFormatException($"Invalid hex string at offset {Position}.");
            }

            if (high < 0)
            {
                high = HexValue(b);
            }
            else
            {
                bytes[count++] = (byte)((high << 4) | HexValue(b));
                high = -1;
            }
        }

        if (high >= 0)
        {
            bytes[count++] = (byte)(high << 4);
        }

        Position += end + 1;
        return new PdfString(bytes.AsSpan(0, count).ToArray(), true);
    }

    private static bool IsNumber(string token)
    {
        var digits = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!((c is '+' or '-' && i == 0) || c == '.'))
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static bool IsUnsignedInteger(string token) => token.Length is > 0 and < 11 && token.All(char.IsAsciiDigit);

    public static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static string Truncate(string token) => token.Length > 20 ? token[..20] + "..." : token;
}
