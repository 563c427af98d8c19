using System.Globalization;
using System.Text;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// A PDF as its cross-reference sections describe it (ISO 32000-1 7.5): every revision's xref (tables,
/// streams and hybrids), followed from the last <c>startxref</c> through <c>/Prev</c>, and objects resolved
/// on demand (from the file or from object streams). Opening a prefix of the file gives the document as
/// it was at that revision, which is how verification sees what each signature signed.
/// </summary>
internal sealed class PdfFile
{
    private readonly Dictionary<int, XrefEntry> entries = [];
    private readonly Dictionary<int, PdfObject> cache = [];
    private readonly Dictionary<int, List<(int Number, int Offset)>> objectStreamIndex = [];
    private readonly Dictionary<int, (byte[] Data, int First)> objectStreamData = [];
    private readonly HashSet<int> resolving = [];
    private readonly PdfFilters filters;

    private PdfFile(ReadOnlyMemory<byte> data, PdfLimits limits)
    {
        Data = data;
        Limits = limits;
        filters = new PdfFilters(limits);
    }

    /// <summary>Where an object lives.</summary>
    public readonly record struct XrefEntry(bool InUse, long Offset, int Generation, int StreamNumber, int StreamIndex)
    {
        public bool InObjectStream => StreamNumber > 0;
    }

    /// <summary>One cross-reference section: where it starts, whether it is a stream, and what it defines.</summary>
    public sealed record XrefSection(long Offset, bool IsStream, PdfDictionary Trailer, IReadOnlyDictionary<int, XrefEntry> Entries);

    public ReadOnlyMemory<byte> Data { get; }

    public PdfLimits Limits { get; }

    /// <summary>The newest trailer (for an xref stream, its dictionary).</summary>
    public PdfDictionary Trailer { get; private set; } = PdfDictionary.Empty;

    /// <summary>The xref sections, newest first.</summary>
    public IReadOnlyList<XrefSection> Sections { get; private set; } = [];

    /// <summary>The offset the last <c>startxref</c> names.</summary>
    public long StartXref { get; private set; }

    /// <summary>The merged view: newest definition of every object.</summary>
    public IReadOnlyDictionary<int, XrefEntry> Entries => entries;

    /// <summary>/Size of the newest trailer (one past the highest object number).</summary>
    public int Size => (int)Math.Min((Trailer["Size"] as PdfNumber)?.AsLong ?? entries.Keys.DefaultIfEmpty(0).Max() + 1, Limits.MaxObjects);

    /// <summary>Opens a PDF, or the revision that ends at the end of <paramref name="data"/>.</summary>
    public static PdfFile Open(ReadOnlyMemory<byte> data, PdfLimits? limits = null)
    {
        var file = new PdfFile(data, limits ?? PdfLimits.Default);
        file.Load();
        return file;
    }

    /// <summary>The document catalog (/Root).</summary>
    public PdfDictionary Catalog => Resolve(Trailer["Root"]) as PdfDictionary ?? throw new PdfFormatException("The trailer has no /Root catalog.");

    /// <summary>True when the file is encrypted; we neither sign nor verify those.</summary>
    public bool IsEncrypted => Trailer["Encrypt"] is not null and not PdfNull;

    /// <summary>Follows references (bounded) to a direct object; null for a missing or free object.</summary>
    public PdfObject? Resolve(PdfObject? value)
    {
        for (var hops = 0; value is PdfReference reference; hops++)
        {
            if (hops > 32)
            {
                throw new PdfFormatException("A reference chain is too long.");
            }

            value = GetObject(reference.Number);
        }

        return value is PdfNull ? null : value;
    }

    /// <summary>The object with this number as the newest revision defines it.</summary>
    public PdfObject? GetObject(int number)
    {
        if (cache.TryGetValue(number, out var cached))
        {
            return cached;
        }

        if (!entries.TryGetValue(number, out var entry) || !entry.InUse)
        {
            return null;
        }

        if (!resolving.Add(number))
        {
            throw new PdfFormatException($"Object {number} refers to itself while being read.");
        }

        try
        {
            var value = entry.InObjectStream ? ReadFromObjectStream(entry.StreamNumber, number) : ReadIndirect(entry.Offset, number);
            cache[number] = value;
            return value;
        }
        finally
        {
            resolving.Remove(number);
        }
    }

    /// <summary>Reads <c>n g obj ... endobj</c> at an offset, checking the object number.</summary>
    public PdfObject ReadIndirect(long offset, int expectedNumber)
    {
        if (offset < 0 || offset >= Data.Length)
        {
            throw new PdfFormatException($"Object {expectedNumber} points outside the file.");
        }

        var parser = NewParser((int)offset);
        var number = parser.ReadToken();
        parser.ReadToken();
        parser.Expect("obj");
        if (number != expectedNumber.ToString(CultureInfo.InvariantCulture))
        {
            throw new PdfFormatException($"The xref says object {expectedNumber} is at {offset}, but object {number} is there.");
        }

        return parser.ReadObject();
    }

    /// <summary>Decodes a stream's data (the structural filters only).</summary>
    public byte[] Decode(PdfStream stream) => filters.Decode(stream);

    private PdfParser NewParser(int position) => new(Data, position, Limits)
    {
        LengthResolver = r => (Resolve(r) as PdfNumber)?.AsLong,
    };

    private void Load()
    {
        if (Data.Length < 8 || Data.Span[..Math.Min(1024, Data.Length)].IndexOf("%PDF-"u8) < 0)
        {
            throw new PdfFormatException("Not a PDF: no %PDF- header.");
        }

        StartXref = FindStartXref();
        var sections = new List<XrefSection>();
        var visited = new HashSet<long>();
        var offset = StartXref;
        while (offset >= 0)
        {
            if (!visited.Add(offset) || sections.Count >= Limits.MaxRevisions)
            {
                throw new PdfFormatException("The cross-reference /Prev chain loops or is too long.");
            }

            var section = ReadSection(offset);
            sections.Add(section);
            if (section.Trailer["XRefStm"] is PdfNumber { AsLong: { } hybrid } && visited.Add(hybrid))
            {
                // A hybrid file: the table's trailer points at a stream with the compressed objects (7.5.8.4).
                var stream = ReadSection(hybrid);
                sections.Add(stream with { Trailer = section.Trailer });
            }

            offset = section.Trailer["Prev"] is PdfNumber { AsLong: { } prev } ? prev : -1;
        }

        // Oldest first, so newer definitions overwrite older ones.
        for (var i = sections.Count - 1; i >= 0; i--)
        {
            foreach (var (number, entry) in sections[i].Entries)
            {
                entries[number] = entry;
            }
        }

        Sections = sections;
        Trailer = sections[0].Trailer;
    }

    private long FindStartXref()
    {
        var span = Data.Span;
        var from = Math.Max(0, span.Length - 2048);
        var at = span[from..].LastIndexOf("startxref"u8);
        if (at < 0)
        {
            throw new PdfFormatException("No startxref: the file is truncated or not a PDF.");
        }

        var parser = new PdfParser(Data, from + at + 9, Limits);
        var token = parser.ReadToken();
        return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset < span.Length
            ? offset
            : throw new PdfFormatException("startxref does not name an offset in the file.");
    }

    private XrefSection ReadSection(long offset)
    {
        if (offset < 0 || offset >= Data.Length)
        {
            throw new PdfFormatException("A cross-reference offset points outside the file.");
        }

        var parser = NewParser((int)offset);
        var save = parser.Position;
        if (parser.ReadToken() == "xref")
        {
            return ReadTable(parser, offset);
        }

        parser.Position = save;
        parser.ReadToken();
        parser.ReadToken();
        parser.Expect("obj");
        if (parser.ReadObject() is not PdfStream { } stream || stream.Dictionary.Name("Type") != "XRef")
        {
            throw new PdfFormatException($"No cross-reference table or stream at offset {offset}.");
        }

        return ReadStream(stream, offset);
    }

    private XrefSection ReadTable(PdfParser parser, long offset)
    {
        var section = new Dictionary<int, XrefEntry>();
        while (true)
        {
            var token = parser.ReadToken();
            if (token == "trailer")
            {
                break;
            }

            var start = ParseInt(token);
            var count = ParseInt(parser.ReadToken());
            if (start < 0 || count < 0 || (long)start + count > Limits.MaxObjects)
            {
                throw new PdfFormatException("A cross-reference subsection is out of range.");
            }

            for (var i = 0; i < count; i++)
            {
                var position = ParseLong(parser.ReadToken());
                var generation = ParseInt(parser.ReadToken());
                var kind = parser.ReadToken();
                if (kind is not ("n" or "f"))
                {
                    throw new PdfFormatException("A cross-reference entry is malformed.");
                }

                section[start + i] = new XrefEntry(kind == "n", position, generation, 0, 0);
            }
        }

        return new XrefSection(offset, false, parser.ReadObject() as PdfDictionary ?? throw new PdfFormatException("The trailer is not a dictionary."), section);
    }

    private XrefSection ReadStream(PdfStream stream, long offset)
    {
        var dictionary = stream.Dictionary;
        var widths = (dictionary["W"] as PdfArray)?.Items.Select(i => (int)((i as PdfNumber)?.AsLong ?? -1)).ToArray();
        if (widths is not { Length: 3 } || widths.Any(w => w is < 0 or > 8))
        {
            throw new PdfFormatException("The cross-reference stream's /W is malformed.");
        }

        var size = (dictionary["Size"] as PdfNumber)?.AsLong ?? 0;
        var index = (dictionary["Index"] as PdfArray)?.Items.Select(i => (i as PdfNumber)?.AsLong ?? -1).ToArray() ?? [0, size];
        var data = Decode(stream);
        var rowLength = widths.Sum();
        var section = new Dictionary<int, XrefEntry>();
        var row = 0;
        for (var pair = 0; pair + 1 < index.Length; pair += 2)
        {
            var (start, count) = (index[pair], index[pair + 1]);
            if (start < 0 || count < 0 || start + count > Limits.MaxObjects)
            {
                throw new PdfFormatException("A cross-reference stream subsection is out of range.");
            }

            for (var i = 0; i < count; i++, row++)
            {
                if ((row + 1) * rowLength > data.Length)
                {
                    throw new PdfFormatException("The cross-reference stream is shorter than its /Index says.");
                }

                var fields = new long[3];
                var at = row * rowLength;
                for (var f = 0; f < 3; f++)
                {
                    for (var b = 0; b < widths[f]; b++)
                    {
                        fields[f] = (fields[f] << 8) | data[at++];
                    }
                }

                var type = widths[0] == 0 ? 1 : fields[0];
                var number = (int)(start + i);
                section[number] = type switch
                {
                    0 => new XrefEntry(false, 0, (int)fields[2], 0, 0),
                    1 => new XrefEntry(true, fields[1], (int)fields[2], 0, 0),
                    2 => new XrefEntry(true, 0, 0, (int)fields[1], (int)fields[2]),
                    _ => new XrefEntry(false, 0, 0, 0, 0),
                };
            }
        }

        return new XrefSection(offset, true, dictionary, section);
    }

    private PdfObject ReadFromObjectStream(int streamNumber, int number)
    {
        if (!objectStreamIndex.TryGetValue(streamNumber, out var index))
        {
            if (GetObject(streamNumber) is not PdfStream { } stream || stream.Dictionary.Name("Type") != "ObjStm")
            {
                throw new PdfFormatException($"Object {number} is said to be in object stream {streamNumber}, which is not one.");
            }

            var data = Decode(stream);
            var count = (int)Math.Clamp((stream.Dictionary["N"] as PdfNumber)?.AsLong ?? 0, 0, Limits.MaxObjects);
            var first = (int)Math.Clamp((stream.Dictionary["First"] as PdfNumber)?.AsLong ?? 0, 0, data.Length);
            var header = new PdfParser(data, 0, Limits);
            index = [];
            for (var i = 0; i < count; i++)
            {
                index.Add((ParseInt(header.ReadToken()), ParseInt(header.ReadToken())));
            }

            objectStreamIndex[streamNumber] = index;
            objectStreamData[streamNumber] = (data, first);
        }

        var (bytes, start) = objectStreamData[streamNumber];
        foreach (var (objectNumber, relative) in index)
        {
            if (objectNumber == number)
            {
                var parser = new PdfParser(bytes, start + relative, Limits);
                return parser.ReadObject();
            }
        }

        throw new PdfFormatException($"Object {number} is not in object stream {streamNumber}.");
    }

    private static int ParseInt(string? token) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new PdfFormatException($"Expected a number, found '{token}'.");

    private static long ParseLong(string? token) =>
        long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new PdfFormatException($"Expected a number, found '{token}'.");

    /// <summary>Where each revision ends: just after a <c>%%EOF</c> that follows a <c>startxref</c> (and its end-of-line).</summary>
    public static IReadOnlyList<long> RevisionEnds(ReadOnlySpan<byte> data)
    {
        var ends = new List<long>();
        var from = 0;
        while (true)
        {
            var at = data[from..].IndexOf("%%EOF"u8);
            if (at < 0)
            {
                return ends;
            }

            var position = from + at;
            var before = data[Math.Max(0, position - 40)..position];
            if (before.IndexOf("startxref"u8) >= 0)
            {
                var end = position + 5;
                if (end < data.Length && data[end] == '\r')
                {
                    end++;
                }

                if (end < data.Length && data[end] == '\n')
                {
                    end++;
                }

                ends.Add(end);
            }

            from = position + 5;
        }
    }

    /// <summary>ASCII text of a token-like span (for messages).</summary>
    public static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
