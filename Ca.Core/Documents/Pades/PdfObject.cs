using System.Globalization;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// The PDF object model (ISO 32000-1 7.3) as far as signing and verification need it. Objects are
/// immutable; an incremental update writes changed copies. Numbers keep their source text so that a
/// rewritten dictionary says exactly what the original said.
/// </summary>
internal abstract record PdfObject;

/// <summary>null.</summary>
internal sealed record PdfNull : PdfObject
{
    public static PdfNull Instance { get; } = new();
}

/// <summary>true or false.</summary>
internal sealed record PdfBoolean(bool Value) : PdfObject;

/// <summary>An integer or real, with its source text.</summary>
internal sealed record PdfNumber(string Text) : PdfObject
{
    public PdfNumber(long value)
        : this(value.ToString(CultureInfo.InvariantCulture))
    {
    }

    /// <summary>The value as a long, or null when it is real or out of range.</summary>
    public long? AsLong => long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The value as a double.</summary>
    public double AsDouble => double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
}

/// <summary>A name, decoded (#xx escapes resolved), without the slash.</summary>
internal sealed record PdfName(string Value) : PdfObject
{
    public override string ToString() => "/" + Value;
}

/// <summary>A string's bytes, and whether it was written in hex (kept when rewritten).</summary>
internal sealed record PdfString(byte[] Bytes, bool Hex) : PdfObject
{
    /// <summary>A text string as PDF stores it: PDFDocEncoding when ASCII, else UTF-16BE with a BOM.</summary>
    public static PdfString Text(string text)
    {
        if (text.All(c => c < 0x80))
        {
            return new PdfString(Encoding.ASCII.GetBytes(text), false);
        }

        return new PdfString([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)], true);
    }

    /// <summary>Decodes a text string (UTF-16BE with BOM, UTF-8 with BOM, else Latin-1 as an approximation of PDFDocEncoding).</summary>
    public string AsText() =>
        Bytes is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(Bytes, 2, Bytes.Length - 2)
        : Bytes is [0xEF, 0xBB, 0xBF, ..] ? Encoding.UTF8.GetString(Bytes, 3, Bytes.Length - 3)
        : Encoding.Latin1.GetString(Bytes);

    public bool Equals(PdfString? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;
}

/// <summary>An indirect reference <c>n g R</c>.</summary>
internal sealed record PdfReference(int Number, int Generation) : PdfObject
{
    public override string ToString() => $"{Number} {Generation} R";
}

/// <summary>An array.</summary>
internal sealed record PdfArray(IReadOnlyList<PdfObject> Items) : PdfObject
{
    public bool Equals(PdfArray? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;
}

/// <summary>A dictionary; key order is kept so a rewrite stays recognisable.</summary>
internal sealed record PdfDictionary(IReadOnlyList<KeyValuePair<string, PdfObject>> Entries) : PdfObject
{
    public static PdfDictionary Empty { get; } = new([]);

    public PdfObject? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>The name stored under <paramref name="key"/>, or null.</summary>
    public string? Name(string key) => this[key] is PdfName name ? name.Value : null;

    /// <summary>A copy with <paramref name="key"/> set (replaced in place, or appended).</summary>
    public PdfDictionary With(string key, PdfObject value)
    {
        var entries = Entries.ToList();
        var index = entries.FindIndex(e => e.Key == key);
        if (index >= 0)
        {
            entries[index] = new(key, value);
        }
        else
        {
            entries.Add(new(key, value));
        }

        return new PdfDictionary(entries);
    }

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public PdfDictionary Without(string key) => new(Entries.Where(e => e.Key != key).ToList());

    public bool Equals(PdfDictionary? other) =>
        other is not null && Entries.Count == other.Entries.Count && Entries.All(e => Equals(other[e.Key], e.Value));

    public override int GetHashCode() => Entries.Count;
}

/// <summary>A stream: its dictionary and its raw (still encoded) data.</summary>
internal sealed record PdfStream(PdfDictionary Dictionary, ReadOnlyMemory<byte> RawData) : PdfObject
{
    public bool Equals(PdfStream? other) => other is not null && Dictionary.Equals(other.Dictionary) && RawData.Span.SequenceEqual(other.RawData.Span);

    public override int GetHashCode() => RawData.Length;
}
