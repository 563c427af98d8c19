using Ca.Api.Portal.Infrastructure;
using Ca.Api.Startup;
using Ca.Core.Common;
using Ca.Core.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal.Requester;

/// <summary>
/// The organization's e-seals (keys held by the service) and signing a document with one: the file
/// goes to <see cref="DocumentSigningService"/> exactly as <c>POST /api/v1/documents/sign</c> sends it,
/// and what comes back is the download: a CAdES signature beside the file (.p7s) or around it (.p7m), or
/// the PDF (PAdES, as an incremental update) or XML (enveloped XAdES) with the signature inside.
/// </summary>
[Authorize]
[RequestSizeLimit(SignersModel.MaxPostBytes)]
public sealed class SignersModel(DocumentSignerService signers, DocumentSigningService signing, IOptions<DocumentOptions> limits) : PortalPageModel
{
    public const long MaxPostBytes = 28L * 1024 * 1024;

    [BindProperty]
    public string? SignerId { get; set; }

    [BindProperty]
    public IFormFile? Document { get; set; }

    /// <summary>What kind of signature: one of <see cref="Kinds"/>.</summary>
    [BindProperty]
    public string Kind { get; set; } = "detached";

    [BindProperty]
    public bool NoTimestamp { get; set; }

    /// <summary>A separate .p7s, a .p7m holding the document, a signed PDF, a signed XML file.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["detached", "enveloping", "pdf", "xml"];

    public IReadOnlyList<DocumentSigner> Signers { get; private set; } = [];

    public long MaxDocumentBytes => limits.Value.MaxBytes;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSignAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (string.IsNullOrEmpty(SignerId) || Signers.All(s => s.Id != SignerId))
        {
            FieldError(nameof(SignerId), "Signers.Error.Signer");
        }

        if (Document is null or { Length: 0 })
        {
            FieldError(nameof(Document), "Signers.Error.NoDocument");
        }
        else if (Document.Length > limits.Value.MaxBytes)
        {
            FieldError(nameof(Document), "Verify.Error.TooLarge", limits.Value.MaxBytes / (1024 * 1024));
        }

        if (!Kinds.Contains(Kind))
        {
            FieldError(nameof(Kind), "Signers.Error.Kind");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await using var content = new MemoryStream();
            await Document!.CopyToAsync(content, cancellationToken);
            var format = Kind switch { "pdf" => DocumentFormat.Pdf, "xml" => DocumentFormat.Xml, _ => DocumentFormat.Binary };
            if (format == DocumentFormat.Pdf && !content.GetBuffer().AsSpan(0, (int)Math.Min(content.Length, 1024)).StartsWith("%PDF-"u8))
            {
                FieldError(nameof(Document), "Signers.Error.NotPdf");
                return Page();
            }

            if (format == DocumentFormat.Xml && !LooksLikeXml(content))
            {
                FieldError(nameof(Document), "Signers.Error.NotXml");
                return Page();
            }

            content.Position = 0;
            var request = new SignDocumentRequest(SignerId!, content, Kind != "enveloping", !NoTimestamp) { Format = format };
            var signed = await signing.SignAsync(request, Caller, cancellationToken);
            var name = Path.GetFileName(Document.FileName);
            name = string.IsNullOrEmpty(name) ? "document" : name;
            return Kind switch
            {
                "pdf" => File(signed.Signature, "application/pdf", Path.GetFileNameWithoutExtension(name) + "-signed.pdf"),
                "xml" => File(signed.Signature, "application/xml", Path.GetFileNameWithoutExtension(name) + "-signed.xml"),
                "enveloping" => File(signed.Signature, "application/pkcs7-mime", name + ".p7m"),
                _ => File(signed.Signature, "application/pkcs7-signature", name + ".p7s"),
            };
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["signerId"] = nameof(SignerId), ["document"] = nameof(Document) }, nameof(SignerId));
            return Page();
        }
        catch (TimeStampUnavailableException)
        {
            FieldError(nameof(NoTimestamp), "Signers.Error.Timestamp");
            return Page();
        }
    }

    /// <summary>First non-blank character '&lt;' (after a byte-order mark): enough to tell a wrong file from an XML one; the signer parses it properly.</summary>
    private static bool LooksLikeXml(MemoryStream content)
    {
        var head = System.Text.Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)Math.Min(content.Length, 256)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith('<');
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var caller = Caller;
        Signers = (await signers.ListAsync(caller, cancellationToken))
            .Where(s => s.Active && (s.Owner == caller.Organization || caller.IsInRole(Roles.Admin)))
            .ToList();
    }
}
