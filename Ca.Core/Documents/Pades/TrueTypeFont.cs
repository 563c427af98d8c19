using System.Buffers.Binary;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// The few facts about a TrueType font that a PDF needs to show text in it: glyph ids by character (cmap),
/// advance widths (hmtx), metrics (head, hhea) and the PostScript name. The standard 14 PDF fonts hold no
/// Thai, so a visible signature naming a Thai signer must embed a font that does.
/// </summary>
internal sealed class TrueTypeFont
{
    private readonly Dictionary<int, ushort> glyphs;
    private readonly ushort[] advances;

    private TrueTypeFont(byte[] data, string postScriptName, int unitsPerEm, short[] box, short ascent, short descent, Dictionary<int, ushort> glyphs, ushort[] advances)
    {
        Data = data;
        PostScriptName = postScriptName;
        UnitsPerEm = unitsPerEm;
        BoundingBox = box;
        Ascent = ascent;
        Descent = descent;
        this.glyphs = glyphs;
        this.advances = advances;
    }

    /// <summary>The font file, embedded whole as /FontFile2.</summary>
    public byte[] Data { get; }

    public string PostScriptName { get; }

    public int UnitsPerEm { get; }

    /// <summary>xMin, yMin, xMax, yMax in font units.</summary>
    public IReadOnlyList<short> BoundingBox { get; }

    public short Ascent { get; }

    public short Descent { get; }

    /// <summary>The glyph for a Unicode scalar value; 0 (.notdef) when the font has none.</summary>
    public ushort GlyphOf(int codePoint) => glyphs.TryGetValue(codePoint, out var glyph) ? glyph : (ushort)0;

    /// <summary>The advance width of a glyph in thousandths of the font size, as PDF /W arrays want.</summary>
    public int Width(ushort glyph)
    {
        var advance = advances.Length == 0 ? 0 : advances[Math.Min(glyph, advances.Length - 1)];
        return (int)Math.Round(advance * 1000.0 / UnitsPerEm);
    }

    /// <summary>Reads a TrueType (glyf outlines) font; throws <see cref="FormatException"/> when the file is not one we can embed.</summary>
    public static TrueTypeFont Parse(byte[] data)
    {
        try
        {
            return Read(data);
        }
        catch (OverflowException e)
        {
            throw new FormatException("The font's tables hold offsets or counts beyond any file.", e);
        }
    }

    private static TrueTypeFont Read(byte[] data)
    {
        var reader = new Reader(data);
        var version = reader.U32(0);
        if (version is not 0x00010000 and not 0x74727565)
        {
            throw new FormatException("Not a TrueType font (OpenType CFF and collections are not embedded).");
        }

        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        var count = reader.U16(4);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + (16 * i);
            var tag = Encoding.ASCII.GetString(reader.Slice(record, 4));
            tables[tag] = (checked((int)reader.U32(record + 8)), checked((int)reader.U32(record + 12)));
        }

        var head = Table(tables, "head");
        var unitsPerEm = reader.U16(head + 18);
        if (unitsPerEm is < 16 or > 16384)
        {
            throw new FormatException("unitsPerEm out of range.");
        }

        short[] box = [reader.I16(head + 36), reader.I16(head + 38), reader.I16(head + 40), reader.I16(head + 42)];
        var hhea = Table(tables, "hhea");
        var numGlyphs = reader.U16(Table(tables, "maxp") + 4);
        var metrics = Math.Min(reader.U16(hhea + 34), numGlyphs);
        var hmtx = Table(tables, "hmtx");
        var advances = new ushort[metrics];
        for (var g = 0; g < metrics; g++)
        {
            advances[g] = reader.U16(hmtx + (4 * g));
        }

        var glyphs = ReadCmap(reader, Table(tables, "cmap"), numGlyphs);
        var name = tables.ContainsKey("name") ? ReadPostScriptName(reader, tables["name"].Offset) : null;
        return new TrueTypeFont(data, name ?? "EmbeddedFont", unitsPerEm, box, reader.I16(hhea + 4), reader.I16(hhea + 6), glyphs, advances);
    }

    private static int Table(Dictionary<string, (int Offset, int Length)> tables, string tag) =>
        tables.TryGetValue(tag, out var table) ? table.Offset : throw new FormatException($"The font has no {tag} table.");

    private static Dictionary<int, ushort> ReadCmap(Reader reader, int cmap, int numGlyphs)
    {
        int? format4 = null;
        int? format12 = null;
        var subtables = reader.U16(cmap + 2);
        for (var i = 0; i < subtables; i++)
        {
            var record = cmap + 4 + (8 * i);
            var (platform, encoding) = (reader.U16(record), reader.U16(record + 2));
            var offset = cmap + checked((int)reader.U32(record + 4));
            var format = reader.U16(offset);
            if (format == 12 && (platform, encoding) is (3, 10) or (0, 4) or (0, 6))
            {
                format12 = offset;
            }
            else if (format == 4 && (platform == 0 || (platform, encoding) == (3, 1)))
            {
                format4 ??= offset;
            }
        }

        var map = new Dictionary<int, ushort>();
        var budget = new CodePointBudget();
        if (format12 is { } groups)
        {
            var n = reader.U32(groups + 12);
            for (var i = 0L; i < n && map.Count < 0x10000; i++)
            {
                var group = groups + 16 + checked((int)(12 * i));
                var (start, end, glyph) = (reader.U32(group), reader.U32(group + 4), reader.U32(group + 8));
                for (var c = start; c <= end && c <= 0x10FFFF && map.Count < 0x10000; c++)
                {
                    budget.Spend();
                    Add(map, (int)c, glyph + (c - start), numGlyphs);
                }
            }
        }
        else if (format4 is { } segments)
        {
            var segCount = reader.U16(segments + 6) / 2;
            var ends = segments + 14;
            var starts = ends + (2 * segCount) + 2;
            var deltas = starts + (2 * segCount);
            var rangeOffsets = deltas + (2 * segCount);
            for (var s = 0; s < segCount; s++)
            {
                var (start, end) = (reader.U16(starts + (2 * s)), reader.U16(ends + (2 * s)));
                var delta = reader.I16(deltas + (2 * s));
                var rangeAt = rangeOffsets + (2 * s);
                var rangeOffset = reader.U16(rangeAt);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    budget.Spend();
                    uint glyph = rangeOffset == 0
                        ? (uint)((c + delta) & 0xFFFF)
                        : reader.U16(rangeAt + rangeOffset + (2 * (c - start))) is var g and not 0 ? (uint)((g + delta) & 0xFFFF) : 0u;
                    Add(map, c, glyph, numGlyphs);
                }
            }
        }
        else
        {
            throw new FormatException("The font has no Unicode cmap.");
        }

        return map;
    }

    private static void Add(Dictionary<int, ushort> map, int codePoint, uint glyph, int numGlyphs)
    {
        if (glyph != 0 && glyph < numGlyphs)
        {
            map[codePoint] = (ushort)glyph;
        }
    }

    private static string? ReadPostScriptName(Reader reader, int table)
    {
        var count = reader.U16(table + 2);
        var strings = table + reader.U16(table + 4);
        for (var i = 0; i < count; i++)
        {
            var record = table + 6 + (12 * i);
            if (reader.U16(record + 6) != 6)
            {
                continue;
            }

            var platform = reader.U16(record);
            var bytes = reader.Slice(strings + reader.U16(record + 10), reader.U16(record + 8));
            var name = platform is 0 or 3 ? Encoding.BigEndianUnicode.GetString(bytes) : Encoding.ASCII.GetString(bytes);
            var clean = new string(name.Where(c => c is > ' ' and < (char)0x7F and not ('(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%' or '#')).ToArray());
            if (clean.Length > 0)
            {
                return clean[..Math.Min(clean.Length, 63)];
            }
        }

        return null;
    }

    /// <summary>A cmap names at most every Unicode scalar once; overlapping ranges beyond that are a damaged file.</summary>
    private sealed class CodePointBudget
    {
        private int left = 0x110000;

        public void Spend()
        {
            if (--left < 0)
            {
                throw new FormatException("The font's cmap maps more characters than Unicode has.");
            }
        }
    }

    /// <summary>Big-endian reads that fail as <see cref="FormatException"/> outside the file.</summary>
    private readonly struct Reader(byte[] data)
    {
        public byte[] Slice(int offset, int length) => Bytes(offset, length).ToArray();

        public ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Bytes(offset, 2));

        public short I16(int offset) => BinaryPrimitives.ReadInt16BigEndian(Bytes(offset, 2));

        public uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Bytes(offset, 4));

        private ReadOnlySpan<byte> Bytes(int offset, int length) =>
            offset >= 0 && length >= 0 && offset <= data.Length - length
                ? data.AsSpan(offset, length)
                : throw new FormatException("The font's tables point outside the file.");
    }
}
