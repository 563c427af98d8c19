using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>What a visible signature shows: the signer's name and the signing time, in a rectangle on a page.</summary>
internal sealed record PdfAppearanceRequest(VisibleSignature Placement, string SignerName, DateTimeOffset Time);

/// <summary>Draws the visible signature's appearance stream (a form XObject).</summary>
internal static class PdfAppearance
{
    public static (PdfArray Rect, PdfReference Stream) Build(PdfIncrementalUpdate update, PdfAppearanceRequest request)
    {
        var p = request.Placement;
        var rect = new PdfArray([Num(p.X), Num(p.Y), Num(p.X + p.Width), Num(p.Y + p.Height)]);
        var text = $"Signed by {request.SignerName} {request.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
        var ascii = new string(text.Select(c => c < 0x80 ? c : '?').ToArray()).Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
        var content = $"q 0 0 1 RG 1 w 0.5 0.5 {PdfSerializer.Number(p.Width - 1)} {PdfSerializer.Number(p.Height - 1)} re S Q\nBT /F1 8 Tf 4 {PdfSerializer.Number(p.Height / 2)} Td ({ascii}) Tj ET\n";
        var font = update.Add(new PdfDictionary([new("Type", new PdfName("Font")), new("Subtype", new PdfName("Type1")), new("BaseFont", new PdfName("Helvetica"))]));
        var stream = update.Add(new PdfStream(
            new PdfDictionary(
            [
                new("Type", new PdfName("XObject")),
                new("Subtype", new PdfName("Form")),
                new("BBox", new PdfArray([Num(0), Num(0), Num(p.Width), Num(p.Height)])),
                new("Resources", new PdfDictionary([new("Font", new PdfDictionary([new("F1", font)]))])),
            ]),
            Encoding.ASCII.GetBytes(content)));
        return (rect, stream);
    }

    private static PdfNumber Num(double value) => new(PdfSerializer.Number(value));
}
