namespace Ca.Core.Validation;

/// <summary>
/// What one PDF signature covers and what happened to the file after it (the incremental-update,
/// shadow and incremental-saving attacks all live in what comes after the signed revision).
/// </summary>
/// <param name="FieldName">The signature field's fully qualified name (/T).</param>
/// <param name="SubFilter">/SubFilter, e.g. ETSI.CAdES.detached or adbe.pkcs7.detached.</param>
/// <param name="ByteRange">The four /ByteRange numbers.</param>
/// <param name="CoversSignedRevision">True when the byte range is the whole revision it ends but exactly the /Contents value.</param>
/// <param name="CoversWholeFile">True when nothing was appended after the signed revision.</param>
/// <param name="SignedRevisionLength">Length of the file as it was signed.</param>
/// <param name="ChangesAfter">What later revisions changed, each judged allowed or not.</param>
public sealed record PdfSignatureScope(
    string FieldName,
    string SubFilter,
    IReadOnlyList<long> ByteRange,
    bool CoversSignedRevision,
    bool CoversWholeFile,
    long SignedRevisionLength,
    IReadOnlyList<PdfChange> ChangesAfter);

/// <summary>One change made after a signature, by a later incremental update.</summary>
/// <param name="Revision">The revision that made it (1 = the original file).</param>
/// <param name="Allowed">True for what PAdES and the PDF permissions allow after signing (another signature, a document time-stamp, DSS, a form field's appearance).</param>
/// <param name="Description">What changed, for people.</param>
public sealed record PdfChange(int Revision, bool Allowed, string Description);

/// <summary>What an XML signature's references cover.</summary>
/// <param name="References">One line per ds:Reference: its URI and what it resolved to.</param>
/// <param name="HasXadesProperties">True when XAdES SignedProperties are present and referenced.</param>
public sealed record XmlSignatureScope(IReadOnlyList<string> References, bool HasXadesProperties);
