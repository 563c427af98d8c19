using System.Globalization;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// The /ByteRange and /Contents of a signature dictionary written as fixed-width placeholders, found again
/// in the written file and filled: the byte range covers everything but the /Contents hex string
/// (delimiters included), as ISO 32000-1 12.8.1 and PAdES require.
/// </summary>
internal static class PdfSignaturePlaceholder
{
    private const string RangeDigits = "0000000000";

    /// <summary>The placeholder /ByteRange value.</summary>
    public static PdfArray ByteRange { get; } = new([new PdfNumber("0"), new PdfNumber(RangeDigits), new PdfNumber(RangeDigits), new PdfNumber(RangeDigits)]);

    /// <summary>A zero-filled /Contents with room for <paramref name="capacity"/> bytes.</summary>
    public static PdfString Contents(int capacity) => new(new byte[capacity], true);

    /// <summary>Fills the byte range in place and returns the two signed parts' bounds: [0, contentsStart) and [contentsEnd, end).</summary>
    public static (int ContentsStart, int ContentsEnd) FillByteRange(byte[] pdf, long dictionaryOffset)
    {
        var span = pdf.AsSpan((int)dictionaryOffset);
        var range = span.IndexOf("/ByteRange ["u8);
        var contents = span.IndexOf("/Contents <"u8);
        if (range < 0 || contents < 0)
        {
            throw new InvalidOperationException("The signature placeholders were not written.");
        }

        var start = (int)dictionaryOffset + contents + "/Contents "u8.Length;
        var end = start + pdf.AsSpan(start).IndexOf((byte)'>') + 1;
        var open = (int)dictionaryOffset + range + "/ByteRange "u8.Length;
        var close = open + pdf.AsSpan(open).IndexOf((byte)']');
        var text = string.Create(CultureInfo.InvariantCulture, $"[0 {start} {end} {pdf.Length - end}");
        if (text.Length > close - open)
        {
            throw new InvalidOperationException("The byte range does not fit its placeholder.");
        }

        Encoding.ASCII.GetBytes(text.PadRight(close - open)).CopyTo(pdf, open);
        return (start, end);
    }

    /// <summary>Writes the DER signature into the /Contents hex string (the rest stays zero padding).</summary>
    public static void FillContents(byte[] pdf, int contentsStart, int contentsEnd, byte[] der)
    {
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexString(der));
        if (hex.Length > contentsEnd - contentsStart - 2)
        {
            throw new InvalidOperationException($"The signature ({der.Length} bytes) is larger than the room reserved for it.");
        }

        hex.CopyTo(pdf, contentsStart + 1);
    }

    /// <summary>The signed bytes: everything but the /Contents value.</summary>
    public static byte[] SignedBytes(byte[] pdf, int contentsStart, int contentsEnd)
    {
        var signed = new byte[pdf.Length - (contentsEnd - contentsStart)];
        pdf.AsSpan(0, contentsStart).CopyTo(signed);
        pdf.AsSpan(contentsEnd).CopyTo(signed.AsSpan(contentsStart));
        return signed;
    }
}
