using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Embeds a TrueType font as a composite (Type0, Identity-H) font: two-byte glyph ids in the content stream,
/// a /W array for the glyphs used, the font file itself (/FontFile2, Flate-compressed) and a /ToUnicode CMap,
/// so readers can both draw Thai and copy or search the text (ISO 32000-1 9.7, 9.10.3).
/// </summary>
internal static class PdfType0Font
{
    /// <summary>Adds the font's objects to the update and returns the Type0 font dictionary's reference.</summary>
    /// <param name="update">The revision the objects join.</param>
    /// <param name="font">The font, embedded whole.</param>
    /// <param name="used">The glyphs the appearance shows, each with the text it stands for.</param>
    public static PdfReference Add(PdfIncrementalUpdate update, TrueTypeFont font, IReadOnlyDictionary<ushort, string> used)
    {
        var file = update.Add(new PdfStream(
            new PdfDictionary([new("Filter", new PdfName("FlateDecode")), new("Length1", new PdfNumber(font.Data.Length))]),
            Deflate(font.Data)));
        var scale = 1000.0 / font.UnitsPerEm;
        var descriptor = update.Add(new PdfDictionary(
        [
            new("Type", new PdfName("FontDescriptor")),
            new("FontName", new PdfName(font.PostScriptName)),
            new("Flags", new PdfNumber(32)),
            new("FontBBox", new PdfArray(font.BoundingBox.Select(v => (PdfObject)Scaled(v, scale)).ToList())),
            new("ItalicAngle", new PdfNumber(0)),
            new("Ascent", Scaled(font.Ascent, scale)),
            new("Descent", Scaled(font.Descent, scale)),
            new("CapHeight", Scaled(font.Ascent, scale)),
            new("StemV", new PdfNumber(80)),
            new("FontFile2", file),
        ]));
        var widths = new List<PdfObject>();
        foreach (var glyph in used.Keys.Order())
        {
            widths.Add(new PdfNumber(glyph));
            widths.Add(new PdfArray([new PdfNumber(font.Width(glyph))]));
        }

        var descendant = update.Add(new PdfDictionary(
        [
            new("Type", new PdfName("Font")),
            new("Subtype", new PdfName("CIDFontType2")),
            new("BaseFont", new PdfName(font.PostScriptName)),
            new("CIDSystemInfo", new PdfDictionary([new("Registry", PdfString.Text("Adobe")), new("Ordering", PdfString.Text("Identity")), new("Supplement", new PdfNumber(0))])),
            new("FontDescriptor", descriptor),
            new("W", new PdfArray(widths)),
            new("CIDToGIDMap", new PdfName("Identity")),
        ]));
        var toUnicode = update.Add(new PdfStream(PdfDictionary.Empty, Encoding.ASCII.GetBytes(ToUnicodeCMap(used))));
        return update.Add(new PdfDictionary(
        [
            new("Type", new PdfName("Font")),
            new("Subtype", new PdfName("Type0")),
            new("BaseFont", new PdfName(font.PostScriptName)),
            new("Encoding", new PdfName("Identity-H")),
            new("DescendantFonts", new PdfArray([descendant])),
            new("ToUnicode", toUnicode),
        ]));
    }

    private static PdfNumber Scaled(short value, double scale) => new(PdfSerializer.Number(Math.Round(value * scale)));

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A CMap from each glyph id to the UTF-16 text it was chosen for (at most 100 entries per block).</summary>
    private static string ToUnicodeCMap(IReadOnlyDictionary<ushort, string> used)
    {
        var cmap = new StringBuilder();
        cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
            .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var block in used.OrderBy(u => u.Key).Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
            foreach (var (glyph, text) in block)
            {
                cmap.Append(CultureInfo.InvariantCulture, $"<{glyph:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>\n");
            }

            cmap.Append("endbfchar\n");
        }

        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.ToString();
    }
}
