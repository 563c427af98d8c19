using System.Globalization;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>Writes PDF objects back as bytes (ISO 32000-1 7.3), the inverse of <see cref="PdfParser"/>.</summary>
internal static class PdfSerializer
{
    public static void Write(Stream output, PdfObject value)
    {
        switch (value)
        {
            case PdfNull:
                Ascii(output, "null");
                break;
            case PdfBoolean b:
                Ascii(output, b.Value ? "true" : "false");
                break;
            case PdfNumber n:
                Ascii(output, n.Text);
                break;
            case PdfName name:
                WriteName(output, name.Value);
                break;
            case PdfString s:
                WriteString(output, s);
                break;
            case PdfReference r:
                Ascii(output, r.ToString());
                break;
            case PdfArray array:
                output.WriteByte((byte)'[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)' ');
                    }

                    Write(output, array.Items[i]);
                }

                output.WriteByte((byte)']');
                break;
            case PdfDictionary dictionary:
                WriteDictionary(output, dictionary);
                break;
            case PdfStream stream:
                WriteDictionary(output, stream.Dictionary.With("Length", new PdfNumber(stream.RawData.Length)));
                Ascii(output, "\nstream\n");
                output.Write(stream.RawData.Span);
                Ascii(output, "\nendstream");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Unknown PDF object.");
        }
    }

    public static byte[] ToBytes(PdfObject value)
    {
        using var buffer = new MemoryStream();
        Write(buffer, value);
        return buffer.ToArray();
    }

    public static void Ascii(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    public static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static void WriteDictionary(Stream output, PdfDictionary dictionary)
    {
        Ascii(output, "<<");
        foreach (var (key, item) in dictionary.Entries)
        {
            WriteName(output, key);
            output.WriteByte((byte)' ');
            Write(output, item);
        }

        Ascii(output, ">>");
    }

    private static void WriteName(Stream output, string name)
    {
        output.WriteByte((byte)'/');
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is < 0x21 or > 0x7E or (byte)'#' || PdfParser.IsDelimiter(b))
            {
                Ascii(output, "#" + b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                output.WriteByte(b);
            }
        }
    }

    private static void WriteString(Stream output, PdfString s)
    {
        if (s.Hex)
        {
            Ascii(output, "<" + Convert.ToHexString(s.Bytes) + ">");
            return;
        }

        output.WriteByte((byte)'(');
        foreach (var b in s.Bytes)
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    output.WriteByte((byte)'\\');
                    output.WriteByte(b);
                    break;
                case (byte)'\r':
                    Ascii(output, "\\r");
                    break;
                case (byte)'\n':
                    Ascii(output, "\\n");
                    break;
                default:
                    output.WriteByte(b);
                    break;
            }
        }

        output.WriteByte((byte)')');
    }
}
