using System.Globalization;
using System.Security.Cryptography;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Appends one revision to a PDF (ISO 32000-1 7.5.6): new and changed objects after the original bytes,
/// then a cross-reference section of the same kind the file already uses (table or stream) whose /Prev
/// points at the previous one. The original bytes are never touched, which is what keeps earlier
/// signatures valid.
/// </summary>
internal sealed class PdfIncrementalUpdate
{
    private readonly PdfFile file;
    private readonly SortedDictionary<int, PdfObject> objects = [];
    private int nextNumber;

    public PdfIncrementalUpdate(PdfFile file)
    {
        this.file = file;
        nextNumber = Math.Max(file.Size, file.Entries.Keys.DefaultIfEmpty(0).Max() + 1);
    }

    /// <summary>A fresh object number, to be filled with <see cref="Set"/>.</summary>
    public PdfReference Reserve() => new(nextNumber++, 0);

    /// <summary>Adds a new object.</summary>
    public PdfReference Add(PdfObject value)
    {
        var reference = Reserve();
        Set(reference, value);
        return reference;
    }

    /// <summary>Defines (or redefines, for an existing object) the object a reference names.</summary>
    public void Set(PdfReference reference, PdfObject value) => objects[reference.Number] = value;

    /// <summary>The object as it will be after this update (changed here, else as in the file).</summary>
    public PdfObject? Current(PdfObject? value) =>
        value is PdfReference r && objects.TryGetValue(r.Number, out var changed) ? changed : file.Resolve(value);

    /// <summary>
    /// Writes the original bytes and this revision. Returns the new file and the offset at which each
    /// object of this revision starts (for placeholders to patch).
    /// </summary>
    public (byte[] Bytes, IReadOnlyDictionary<int, long> Offsets) Write()
    {
        using var output = new MemoryStream(file.Data.Length + 64 * 1024);
        output.Write(file.Data.Span);
        if (file.Data.Length > 0 && file.Data.Span[^1] is not (byte)'\n' and not (byte)'\r')
        {
            output.WriteByte((byte)'\n');
        }

        var offsets = new Dictionary<int, long>();
        foreach (var (number, value) in objects)
        {
            offsets[number] = output.Position;
            PdfSerializer.Ascii(output, $"{number} {Generation(number)} obj\n");
            PdfSerializer.Write(output, value);
            PdfSerializer.Ascii(output, "\nendobj\n");
        }

        var trailer = NewTrailer();
        var xrefOffset = output.Position;
        if (file.Sections[0].IsStream)
        {
            WriteXrefStream(output, trailer, offsets, xrefOffset);
        }
        else
        {
            WriteXrefTable(output, trailer, offsets);
        }

        PdfSerializer.Ascii(output, $"startxref\n{xrefOffset.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
        return (output.ToArray(), offsets);
    }

    private int Generation(int number) =>
        file.Entries.TryGetValue(number, out var entry) && entry.InUse && !entry.InObjectStream ? entry.Generation : 0;

    private PdfDictionary NewTrailer()
    {
        var kept = new[] { "Root", "Info", "ID" };
        var trailer = new PdfDictionary(file.Trailer.Entries.Where(e => kept.Contains(e.Key)).ToList());
        var original = file.Trailer["ID"] is PdfArray { Items.Count: 2 } id ? id.Items[0] : new PdfString(RandomNumberGenerator.GetBytes(16), true);
        return trailer
            .With("ID", new PdfArray([original, new PdfString(RandomNumberGenerator.GetBytes(16), true)]))
            .With("Prev", new PdfNumber(file.StartXref));
    }

    private void WriteXrefTable(MemoryStream output, PdfDictionary trailer, Dictionary<int, long> offsets)
    {
        PdfSerializer.Ascii(output, "xref\n");
        foreach (var run in Runs(offsets.Keys))
        {
            PdfSerializer.Ascii(output, $"{run[0]} {run.Count}\n");
            foreach (var number in run)
            {
                PdfSerializer.Ascii(output, $"{offsets[number]:D10} {Generation(number):D5} n\r\n");
            }
        }

        PdfSerializer.Ascii(output, "trailer\n");
        PdfSerializer.Write(output, trailer.With("Size", new PdfNumber(nextNumber)));
        PdfSerializer.Ascii(output, "\n");
    }

    private void WriteXrefStream(MemoryStream output, PdfDictionary trailer, Dictionary<int, long> offsets, long xrefOffset)
    {
        // The stream is itself an object of this revision, so it lists itself.
        var self = nextNumber++;
        var all = new Dictionary<int, long>(offsets) { [self] = xrefOffset };
        var rows = new MemoryStream();
        var index = new List<PdfObject>();
        foreach (var run in Runs(all.Keys))
        {
            index.Add(new PdfNumber(run[0]));
            index.Add(new PdfNumber(run.Count));
            foreach (var number in run)
            {
                rows.WriteByte(1);
                var offset = all[number];
                for (var shift = 32; shift >= 0; shift -= 8)
                {
                    rows.WriteByte((byte)(offset >> shift));
                }

                var generation = number == self ? 0 : Generation(number);
                rows.WriteByte((byte)(generation >> 8));
                rows.WriteByte((byte)generation);
            }
        }

        var dictionary = trailer
            .With("Type", new PdfName("XRef"))
            .With("Size", new PdfNumber(nextNumber))
            .With("Index", new PdfArray(index))
            .With("W", new PdfArray([new PdfNumber(1), new PdfNumber(5), new PdfNumber(2)]));
        PdfSerializer.Ascii(output, $"{self} 0 obj\n");
        PdfSerializer.Write(output, new PdfStream(dictionary, rows.ToArray()));
        PdfSerializer.Ascii(output, "\nendobj\n");
    }

    private static List<List<int>> Runs(IEnumerable<int> numbers)
    {
        var runs = new List<List<int>>();
        foreach (var number in numbers.Order())
        {
            if (runs.Count > 0 && runs[^1][^1] == number - 1)
            {
                runs[^1].Add(number);
            }
            else
            {
                runs.Add([number]);
            }
        }

        return runs;
    }
}
