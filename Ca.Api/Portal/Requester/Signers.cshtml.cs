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
/// and the CAdES signature comes back as a download. PDF and XML signing slot in as further formats.
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

    [BindProperty]
    public bool Attached { get; set; }

    [BindProperty]
    public bool NoTimestamp { get; set; }

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

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await using var content = new MemoryStream();
            await Document!.CopyToAsync(content, cancellationToken);
            content.Position = 0;
            var signed = await signing.SignAsync(new SignDocumentRequest(SignerId!, content, !Attached, !NoTimestamp), Caller, cancellationToken);
            var name = Path.GetFileName(Document.FileName);
            return Attached
                ? File(signed.Signature, "application/pkcs7-mime", (string.IsNullOrEmpty(name) ? "document" : name) + ".p7m")
                : File(signed.Signature, "application/pkcs7-signature", (string.IsNullOrEmpty(name) ? "document" : name) + ".p7s");
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var caller = Caller;
        Signers = (await signers.ListAsync(caller, cancellationToken))
            .Where(s => s.Active && (s.Owner == caller.Organization || caller.IsInRole(Roles.Admin)))
            .ToList();
    }
}
