using System.Security.Cryptography;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Documents.Pades;
using Ca.Core.Documents.Xades;

namespace Ca.Core.Documents;

/// <summary>
/// Signs documents with an e-seal held by the service and records a <c>document.signed</c> audit event
/// (signer, SHA-256 and size of the document: enough to prove later what was sealed, without keeping it).
/// </summary>
public sealed class DocumentSigningService
{
    private readonly DocumentSignerService signers;
    private readonly CadesSigner cades;
    private readonly PadesSigner pades;
    private readonly XadesSigner xades;
    private readonly AuditService audit;

    /// <summary>Creates the service.</summary>
    public DocumentSigningService(DocumentSignerService signers, CadesSigner cades, PadesSigner pades, XadesSigner xades, AuditService audit)
    {
        this.xades = xades;
        this.signers = signers;
        this.cades = cades;
        this.pades = pades;
        this.audit = audit;
    }

    /// <summary>
    /// Signs the document. An empty document is refused (400): a seal over nothing proves nothing and
    /// usually means a broken upload. A non-seekable stream is buffered once so it can be hashed for the
    /// audit record and signed.
    /// </summary>
    public async Task<SignedDocument> SignAsync(SignDocumentRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        var (signer, material) = await signers.LoadForSigningAsync(request.SignerId, caller, cancellationToken).ConfigureAwait(false);

        var content = request.Content;
        MemoryStream? buffered = null;
        if (!content.CanSeek)
        {
            buffered = new MemoryStream();
            await content.CopyToAsync(buffered, cancellationToken).ConfigureAwait(false);
            buffered.Position = 0;
            content = buffered;
        }

        await using (buffered)
        {
            var start = content.Position;
            var length = content.Length - start;
            if (length == 0)
            {
                throw CaException.BadRequest("empty-document", "The document is empty; there is nothing to sign.", "document");
            }

            var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
            content.Position = start;
            byte[] signature;
            if (request.Format == DocumentFormat.Pdf)
            {
                var document = new byte[length];
                await content.ReadExactlyAsync(document, cancellationToken).ConfigureAwait(false);
                var level = request.Level ?? (request.Timestamp ? SignatureLevel.BT : SignatureLevel.BB);
                signature = await pades.SignAsync(document, material, new PadesOptions(level, request.Visible), cancellationToken).ConfigureAwait(false);
            }
            else if (request.Format == DocumentFormat.Xml)
            {
                var document = new byte[length];
                await content.ReadExactlyAsync(document, cancellationToken).ConfigureAwait(false);
                var level = request.Level ?? (request.Timestamp ? SignatureLevel.BT : SignatureLevel.BB);
                signature = await xades.SignAsync(document, material, level, cancellationToken).ConfigureAwait(false);
            }
            else if (request.AddToSignature is { } existing)
            {
                var document = new byte[length];
                await content.ReadExactlyAsync(document, cancellationToken).ConfigureAwait(false);
                signature = await cades.AddSignerAsync(existing, document, material, request.Timestamp, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                signature = await cades.SignAsync(content, material, request.Detached, request.Timestamp, cancellationToken).ConfigureAwait(false);
            }


            await audit.RecordAsync(
                AuditActions.DocumentSigned,
                signer.Id,
                caller.ActorId,
                "success",
                new { signer = signer.Id, serial = signer.SerialNumber, sha256, size = length, format = request.Format.ToString(), level = request.Level?.ToString(), detached = request.Detached, timestamp = request.Timestamp, cosigned = request.AddToSignature is not null },
                caller.CorrelationId,
                cancellationToken).ConfigureAwait(false);
            var detached = request.AddToSignature is { } cosigned ? ParsedSignedData.TryParse(cosigned, out _)?.Content is null : request.Detached;
            return new SignedDocument(signature, detached, signer, sha256, length);
        }
    }
}
