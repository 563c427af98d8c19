namespace Ca.Core.Documents;

/// <summary>One signing order.</summary>
/// <param name="SignerId">The e-seal to sign with.</param>
/// <param name="Content">The document, read from its current position to its end; seekable streams are not buffered.</param>
/// <param name="Detached">True for a detached signature (.p7s), false to embed the document.</param>
/// <param name="Timestamp">True for a CAdES B-T signature (signature time-stamp from our TSA).</param>
public sealed record SignDocumentRequest(string SignerId, Stream Content, bool Detached = true, bool Timestamp = true);
