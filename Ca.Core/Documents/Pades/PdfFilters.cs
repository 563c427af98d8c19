using System.IO.Compression;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Decodes the stream filters the file structure uses (cross-reference and object streams): FlateDecode
/// with the PNG predictors. Inflation is budgeted per file, so a zip bomb stops at the limit.
/// </summary>
internal sealed class PdfFilters
{
    private long remaining;

    public PdfFilters(PdfLimits limits) => remaining = limits.MaxInflatedBytes;

    public byte[] Decode(PdfStream stream)
    {
        var filter = stream.Dictionary["Filter"];
        var parms = stream.Dictionary["DecodeParms"];
        if (filter is PdfArray { Items.Count: 1 } single)
        {
            filter = single.Items[0];
            parms = parms is PdfArray { Items.Count: 1 } p ? p.Items[0] : parms;
        }

        return filter switch
        {
            null => stream.RawData.ToArray(),
            PdfName { Value: "FlateDecode" } => Predict(Inflate(stream.RawData), parms as PdfDictionary),
            _ => throw new PdfFormatException($"Unsupported filter {filter} on a structural stream."),
        };
    }

    private byte[] Inflate(ReadOnlyMemory<byte> raw)
    {
        using var input = new MemoryStream(raw.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                remaining -= read;
                if (remaining < 0)
                {
                    throw new PdfFormatException("The PDF's compressed streams inflate beyond the allowed size.");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new PdfFormatException($"A Flate stream is corrupt: {e.Message}");
        }

        return output.ToArray();
    }

    /// <summary>PNG predictors (ISO 32000-1 7.4.4.4): each row starts with its filter type byte.</summary>
    private static byte[] Predict(byte[] data, PdfDictionary? parms)
    {
        var predictor = (parms?["Predictor"] as PdfNumber)?.AsLong ?? 1;
        if (predictor < 10)
        {
            return predictor == 1 ? data : throw new PdfFormatException("TIFF predictors are not supported in structural streams.");
        }

        var columns = (int)Math.Clamp((parms?["Columns"] as PdfNumber)?.AsLong ?? 1, 1, 1 << 20);
        var colors = (int)Math.Clamp((parms?["Colors"] as PdfNumber)?.AsLong ?? 1, 1, 32);
        var bits = (int)Math.Clamp((parms?["BitsPerComponent"] as PdfNumber)?.AsLong ?? 8, 1, 16);
        var bpp = Math.Max(1, colors * bits / 8);
        var rowLength = ((columns * colors * bits) + 7) / 8;
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        var previous = new byte[rowLength];
        for (var r = 0; r < rows; r++)
        {
            var type = data[r * (rowLength + 1)];
            var row = output.AsSpan(r * rowLength, rowLength);
            data.AsSpan((r * (rowLength + 1)) + 1, rowLength).CopyTo(row);
            for (var i = 0; i < rowLength; i++)
            {
                var left = i >= bpp ? row[i - bpp] : 0;
                var up = previous[i];
                var upLeft = i >= bpp ? previous[i - bpp] : 0;
                row[i] = type switch
                {
                    0 => row[i],
                    1 => (byte)(row[i] + left),
                    2 => (byte)(row[i] + up),
                    3 => (byte)(row[i] + ((left + up) / 2)),
                    4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                    _ => throw new PdfFormatException($"Unknown PNG predictor row type {type}."),
                };
            }

            row.CopyTo(previous);
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
