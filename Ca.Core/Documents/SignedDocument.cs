namespace Ca.Core.Documents;

/// <summary>A produced signature and what the audit log recorded about it.</summary>
/// <param name="Signature">DER ContentInfo(SignedData).</param>
/// <param name="Detached">Whether the document is left out.</param>
/// <param name="Signer">The e-seal that signed.</param>
/// <param name="DocumentSha256">Hex SHA-256 of the document, as audited.</param>
/// <param name="DocumentLength">Document size in bytes.</param>
public sealed record SignedDocument(byte[] Signature, bool Detached, DocumentSigner Signer, string DocumentSha256, long DocumentLength);
