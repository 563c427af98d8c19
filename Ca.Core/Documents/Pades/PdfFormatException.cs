namespace Ca.Core.Documents.Pades;

/// <summary>
/// The bytes are not a PDF this service can process (broken structure, encryption, or beyond the parsing
/// limits). Signing maps it to a 422 problem; verification to a FAILED/FORMAT_FAILURE report.
/// </summary>
internal sealed class PdfFormatException : Exception
{
    public PdfFormatException(string message)
        : base(message)
    {
    }
}
