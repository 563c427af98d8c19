namespace Ca.Core.Documents.Pades;

/// <summary>
/// Bounds on the work one hostile PDF can cause: object count, nesting depth, xref sections, decompressed
/// bytes and page-tree depth. Every bound is far beyond what real documents reach.
/// </summary>
internal sealed record PdfLimits
{
    public static PdfLimits Default { get; } = new();

    /// <summary>Highest object number accepted in a cross-reference section.</summary>
    public int MaxObjects { get; init; } = 1_000_000;

    /// <summary>Arrays and dictionaries nested deeper than this are refused.</summary>
    public int MaxNesting { get; init; } = 64;

    /// <summary>Incremental updates (xref sections) followed through /Prev.</summary>
    public int MaxRevisions { get; init; } = 1_000;

    /// <summary>Total bytes all Flate streams may inflate to (zip bombs).</summary>
    public long MaxInflatedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Page-tree and field-tree depth.</summary>
    public int MaxTreeDepth { get; init; } = 32;

    /// <summary>Signatures examined in one document.</summary>
    public int MaxSignatures { get; init; } = 100;
}
