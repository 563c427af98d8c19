using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>What a visible signature shows: the signer's name and the signing time, in a rectangle on a page.</summary>
internal sealed record PdfAppearanceRequest(VisibleSignature Placement, string SignerName, DateTimeOffset Time);

/// <summary>
/// Draws the visible signature's appearance stream (a form XObject). With a configured font the text is
/// bilingual and the signer's name is shown as written, Thai included, scaled down to fit the rectangle;
/// without one it is one ASCII line in Helvetica.
/// </summary>
internal static class PdfAppearance
{
    private const double MaxFontSize = 9;
    private const double MinFontSize = 3;
    private const double Margin = 4;

    public static (PdfArray Rect, PdfReference Stream) Build(PdfIncrementalUpdate update, PdfAppearanceRequest request, TrueTypeFont? font)
    {
        var p = request.Placement;
        var rect = new PdfArray([Num(p.X), Num(p.Y), Num(p.X + p.Width), Num(p.Y + p.Height)]);
        var border = $"q 0 0 1 RG 1 w 0.5 0.5 {PdfSerializer.Number(p.Width - 1)} {PdfSerializer.Number(p.Height - 1)} re S Q\n";
        var (text, fontObject) = font is null ? Helvetica(update, request) : Embedded(update, request, font);
        var stream = update.Add(new PdfStream(
            new PdfDictionary(
            [
                new("Type", new PdfName("XObject")),
                new("Subtype", new PdfName("Form")),
                new("BBox", new PdfArray([Num(0), Num(0), Num(p.Width), Num(p.Height)])),
                new("Resources", new PdfDictionary([new("Font", new PdfDictionary([new("F1", fontObject)]))])),
            ]),
            Encoding.ASCII.GetBytes(border + text)));
        return (rect, stream);
    }

    private static (string Text, PdfReference Font) Helvetica(PdfIncrementalUpdate update, PdfAppearanceRequest request)
    {
        var line = $"Signed by {request.SignerName} {request.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
        var ascii = new string(line.Select(c => c < 0x80 ? c : '?').ToArray()).Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
        var font = update.Add(new PdfDictionary([new("Type", new PdfName("Font")), new("Subtype", new PdfName("Type1")), new("BaseFont", new PdfName("Helvetica"))]));
        return ($"BT /F1 8 Tf 4 {PdfSerializer.Number(request.Placement.Height / 2)} Td ({ascii}) Tj ET\n", font);
    }

    private static (string Text, PdfReference Font) Embedded(PdfIncrementalUpdate update, PdfAppearanceRequest request, TrueTypeFont font)
    {
        var p = request.Placement;
        string[] lines = ["ลงนามโดย / Signed by", request.SignerName, $"{request.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"];
        var used = new Dictionary<ushort, string>();
        var encoded = new List<string>();
        var widest = 0;
        foreach (var line in lines)
        {
            var hex = new StringBuilder();
            var width = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                var glyph = font.GlyphOf(rune.Value);
                used.TryAdd(glyph, rune.ToString());
                width += font.Width(glyph);
                hex.Append(glyph.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }

            widest = Math.Max(widest, width);
            encoded.Add(hex.ToString());
        }

        var leading = 1.25;
        var size = Math.Min(MaxFontSize, (p.Height - Margin) / (lines.Length * leading));
        if (widest > 0)
        {
            size = Math.Min(size, (p.Width - (2 * Margin)) * 1000 / widest);
        }

        size = Math.Max(MinFontSize, size);
        var top = p.Height - (Margin / 2) - size;
        var text = new StringBuilder($"BT /F1 {PdfSerializer.Number(size)} Tf {PdfSerializer.Number(size * leading)} TL {PdfSerializer.Number(Margin)} {PdfSerializer.Number(top)} Td\n");
        foreach (var hex in encoded)
        {
            text.Append('<').Append(hex).Append("> Tj T*\n");
        }

        text.Append("ET\n");
        return (text.ToString(), PdfType0Font.Add(update, font, used));
    }

    private static PdfNumber Num(double value) => new(PdfSerializer.Number(value));
}
