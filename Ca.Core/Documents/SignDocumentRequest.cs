namespace Ca.Core.Documents;

/// <summary>One signing order.</summary>
/// <param name="SignerId">The e-seal to sign with.</param>
/// <param name="Content">The document, read from its current position to its end; seekable streams are not buffered.</param>
/// <param name="Detached">True for a detached signature (.p7s), false to embed the document (CMS only).</param>
/// <param name="Timestamp">True for a signature time-stamp from our TSA (B-T); false for B-B.</param>
public sealed record SignDocumentRequest(string SignerId, Stream Content, bool Detached = true, bool Timestamp = true)
{
    /// <summary>What the document is, which decides the signature format (CAdES, PAdES, XAdES).</summary>
    public DocumentFormat Format { get; init; } = DocumentFormat.Binary;

    /// <summary>CMS only: an existing SignedData over the same document to add this signer to (a parallel signature).</summary>
    public byte[]? AddToSignature { get; init; }

    /// <summary>PDF and XML: the baseline level (B-B, B-T, B-LT, B-LTA); null follows <see cref="Timestamp"/>.</summary>
    public SignatureLevel? Level { get; init; }

    /// <summary>PDF only: where to show the signature on a page; null for an invisible signature.</summary>
    public VisibleSignature? Visible { get; init; }
}

/// <summary>The kinds of document the service signs.</summary>
public enum DocumentFormat
{
    /// <summary>Any bytes: a CAdES (CMS) signature.</summary>
    Binary,
    /// <summary>A PDF: a PAdES signature inside the file, as an incremental update.</summary>
    Pdf,
    /// <summary>An XML document: an enveloped XAdES signature.</summary>
    Xml,
}

/// <summary>ETSI baseline levels (EN 319 142-1, 319 132-1, 319 122-1).</summary>
public enum SignatureLevel
{
    /// <summary>Basic: signer, certificate, claimed time.</summary>
    BB,
    /// <summary>Plus a signature time-stamp: proof of existence.</summary>
    BT,
    /// <summary>Plus the validation material (chain, OCSP responses or CRLs) in the document.</summary>
    BLT,
    /// <summary>Plus a document time-stamp over all of it, so the material itself is proven.</summary>
    BLTA,
}

/// <summary>A visible PDF signature: page (1-based) and rectangle in PDF points from the lower-left corner.</summary>
public sealed record VisibleSignature(int Page, double X, double Y, double Width, double Height);
