using Ca.Api.Portal.Infrastructure;
using Ca.Api.Startup;
using Ca.Core.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal.Public;

/// <summary>
/// Anyone checks a certificate or a signed document and gets the ETSI verdict in plain words. The
/// same Core services as <c>POST /api/v1/certificates/verify</c> and <c>/api/v1/documents/verify</c>.
/// The signature form takes a CMS/CAdES signature today; signed PDF and XML plug in as further kinds.
/// </summary>
[RequestSizeLimit(VerifyModel.MaxPostBytes)]
public sealed class VerifyModel(CertificateVerificationService certificates, DocumentVerificationService documents, IOptions<DocumentOptions> limits) : PortalPageModel
{
    /// <summary>The largest form accepted: the largest document plus the signature and form overhead.</summary>
    public const long MaxPostBytes = 28L * 1024 * 1024;

    [BindProperty]
    public IFormFile? CertificateFile { get; set; }

    [BindProperty]
    public string? CertificatePem { get; set; }

    [BindProperty]
    public IFormFile? SignatureFile { get; set; }

    [BindProperty]
    public IFormFile? DocumentFile { get; set; }

    /// <summary>The verdict, once something was checked.</summary>
    public ValidationReport? Report { get; private set; }

    /// <summary>What was checked: <c>certificate</c> or <c>signature</c>.</summary>
    public string? Checked { get; private set; }

    public long MaxDocumentBytes => limits.Value.MaxBytes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCertificateAsync(CancellationToken cancellationToken)
    {
        Checked = "certificate";
        if (CertificateFile is null or { Length: 0 } && string.IsNullOrWhiteSpace(CertificatePem))
        {
            FieldError(nameof(CertificateFile), "Verify.Error.NoCertificate");
            return Page();
        }

        if (CertificateFile is { Length: > UploadedCertificates.MaxBytes })
        {
            FieldError(nameof(CertificateFile), "Verify.Error.CertificateTooLarge");
            return Page();
        }

        var parsed = await UploadedCertificates.ReadAsync(CertificateFile, CertificatePem, cancellationToken);
        if (parsed is null)
        {
            FieldError(CertificateFile is { Length: > 0 } ? nameof(CertificateFile) : nameof(CertificatePem), "Verify.Error.CertificateUnreadable");
            return Page();
        }

        Report = await certificates.VerifyAsync(new CertificateVerificationRequest(parsed[0], parsed.Skip(1).ToList()), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSignatureAsync(CancellationToken cancellationToken)
    {
        Checked = "signature";
        if (SignatureFile is null or { Length: 0 })
        {
            FieldError(nameof(SignatureFile), "Verify.Error.NoSignature");
            return Page();
        }

        if (SignatureFile.Length > limits.Value.MaxBytes)
        {
            FieldError(nameof(SignatureFile), "Verify.Error.TooLarge", limits.Value.MaxBytes / (1024 * 1024));
            return Page();
        }

        if (DocumentFile is { Length: > 0 } && DocumentFile.Length > limits.Value.MaxBytes)
        {
            FieldError(nameof(DocumentFile), "Verify.Error.TooLarge", limits.Value.MaxBytes / (1024 * 1024));
            return Page();
        }

        byte[] signature;
        using (var buffer = new MemoryStream())
        {
            await SignatureFile.CopyToAsync(buffer, cancellationToken);
            signature = buffer.ToArray();
        }

        await using var document = DocumentFile is { Length: > 0 } ? DocumentFile.OpenReadStream() : null;
        Report = await documents.VerifyAsync(signature, document, cancellationToken);
        return Page();
    }
}
