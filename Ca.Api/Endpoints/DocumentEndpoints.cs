using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Api.Startup;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Validation;
using Ca.Core.Validation.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ca.Api.Endpoints;

/// <summary>Signing documents with a service-held e-seal, and verifying anyone's CMS/CAdES signatures.</summary>
internal static class DocumentEndpoints
{
    public const string DetachedType = "application/pkcs7-signature";
    public const string AttachedType = "application/pkcs7-mime";
    public const string PdfType = "application/pdf";
    public const string XmlType = "application/xml";
    private static readonly string[] XmlTypes = [XmlType, "text/xml"];

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<DocumentOptions>>().Value;
        var bodyLimit = new RequestSizeLimitAttribute(options.MaxBytes + options.EnvelopeBytes);
        var group = app.MapGroup("/api/v1/documents").WithTags("Documents");

        group.MapPost("/sign", async Task<IResult> (
                HttpContext http,
                DocumentSigningService signing,
                IOptions<DocumentOptions> limits,
                CancellationToken ct,
                string? signerId = null,
                bool detached = true,
                bool timestamp = true,
                string? level = null,
                bool visible = false,
                int page = 1,
                double x = 36,
                double y = 36,
                double width = 220,
                double height = 60) =>
            {
                if (string.IsNullOrWhiteSpace(signerId))
                {
                    throw CaException.BadRequest("missing-signer", "signerId is required.", "signerId");
                }

                var max = limits.Value.MaxBytes;
                var request = http.Request;
                Stream content;
                byte[]? addTo = null;
                var format = DocumentFormat.Binary;
                if (BodyReading.IsMultipart(request))
                {
                    var form = await BodyReading.ReadFormAsync(request, ct);
                    var file = form.Files.GetFile("document")
                        ?? throw CaException.BadRequest("missing-document", "The multipart form needs a file field named 'document'.", "document");
                    if (file.Length > max)
                    {
                        return BodyReading.TooLarge(max);
                    }

                    content = file.OpenReadStream();
                    format = FormatOf(file.ContentType, content);
                    if (form.Files.GetFile("signature") is { } existing)
                    {
                        // A parallel signature: this signer is added beside the ones already there.
                        using var buffer = new MemoryStream();
                        await existing.CopyToAsync(buffer, ct);
                        addTo = buffer.ToArray();
                    }
                }
                else if (BodyReading.Is(request, [BodyReading.OctetStream, PdfType, .. XmlTypes]))
                {
                    format = BodyReading.Is(request, PdfType) ? DocumentFormat.Pdf : BodyReading.Is(request, XmlTypes) ? DocumentFormat.Xml : DocumentFormat.Binary;
                    content = await BodyReading.BufferAsync(request, ct);
                    if (content.Length > max)
                    {
                        return BodyReading.TooLarge(max);
                    }
                }
                else
                {
                    return BodyReading.UnsupportedMediaType(BodyReading.OctetStream, PdfType, XmlType, "multipart/form-data (field 'document')");
                }

                await using (content)
                {
                    var signRequest = new SignDocumentRequest(signerId, content, detached, timestamp)
                    {
                        Format = format,
                        AddToSignature = addTo,
                        Level = ParseLevel(level),
                        Visible = visible ? new VisibleSignature(page, x, y, width, height) : null,
                    };
                    var signed = await signing.SignAsync(signRequest, HttpCaller.From(http), ct);
                    http.Response.Headers["X-Document-SHA256"] = signed.DocumentSha256;
                    return format switch
                    {
                        DocumentFormat.Pdf => Results.File(signed.Signature, PdfType, "signed.pdf"),
                        DocumentFormat.Xml => Results.File(signed.Signature, XmlType, "signed.xml"),
                        _ => Results.File(signed.Signature, signed.Detached ? DetachedType : AttachedType, signed.Detached ? "signature.p7s" : "document.p7m"),
                    };
                }
            })
            .WithName("SignDocument")
            .WithSummary("Signs the body (application/octet-stream, application/pdf, application/xml, or multipart field 'document'). Bytes: CAdES B-T (timestamp=false: B-B), detached=true (default) returns application/pkcs7-signature, false application/pkcs7-mime; multipart 'signature' adds a co-signer. PDF: PAdES as an incremental update (level=B-B|B-T|B-LT|B-LTA, visible=true with page, x, y, width, height in points). XML: enveloped XAdES, B-T by default (level=B-B|B-T|B-LT|B-LTA; timestamp=false means B-B). The signer's owner or an admin only.")
            .Accepts<byte[]>(BodyReading.OctetStream, PdfType, XmlType, "multipart/form-data")
            .Produces(200, contentType: DetachedType, additionalContentTypes: [AttachedType, PdfType, XmlType])
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(503)
            .WithMetadata(bodyLimit)
            .RequireAuthorization(Policies.Authenticated);

        group.MapPost("/verify", async Task<IResult> (HttpContext http, DocumentVerificationService verification, TrustStore trust, IOptions<DocumentOptions> limits, CancellationToken ct) =>
            {
                var request = http.Request;
                if (BodyReading.Is(request, [PdfType, .. XmlTypes]))
                {
                    // A signed PDF or XML document carries its content: the body alone is enough.
                    var body = await BodyReading.ReadAllAsync(request, ct);
                    if (body.Length > limits.Value.MaxBytes)
                    {
                        return BodyReading.TooLarge(limits.Value.MaxBytes);
                    }

                    return Results.Ok(ValidationReportResponse.From(await verification.VerifyAsync(body, null, ct)));
                }

                if (!BodyReading.IsMultipart(request))
                {
                    return BodyReading.UnsupportedMediaType(PdfType, XmlType, "multipart/form-data (fields 'signature' and, for a detached signature, 'document')");
                }

                var form = await BodyReading.ReadFormAsync(request, ct);
                byte[] signature;
                if (form.Files.GetFile("signature") is { } signatureFile)
                {
                    using var buffer = new MemoryStream();
                    await signatureFile.CopyToAsync(buffer, ct);
                    signature = buffer.ToArray();
                }
                else if (form.TryGetValue("signature", out var text) && !string.IsNullOrWhiteSpace(text))
                {
                    signature = System.Text.Encoding.UTF8.GetBytes(text.ToString());
                }
                else
                {
                    throw CaException.BadRequest("missing-signature", "The form needs a field named 'signature' (CMS in DER or PEM).", "signature");
                }

                var document = form.Files.GetFile("document");
                if (document?.Length > limits.Value.MaxBytes)
                {
                    return BodyReading.TooLarge(limits.Value.MaxBytes);
                }

                var policy = ValidationPolicyParser.Parse(await PolicyPartAsync(form, ct), trust.TrustLists);
                await using var content = document?.OpenReadStream();
                var report = await verification.VerifyAsync(signature, content, policy, ct);
                return Results.Ok(ValidationReportResponse.From(report));
            })
            .WithName("VerifyDocumentSignature")
            .WithSummary("Validates CMS/CAdES, PDF (PAdES) and XML (XAdES/XMLDSig) signatures (ETSI EN 319 102-1 style report, one entry per signature in 'signatures', overall indication by the weakest). A signed PDF or XML is the body (application/pdf, application/xml) or the multipart 'signature' alone. A multipart part 'policy' (JSON, the same object as 'policy' of POST /api/v1/certificates/verify) sets the caller's own anchors, trust list, EKUs, depth, time and revocation mode and data. Anything that is not a signature is a FAILED/FORMAT_FAILURE report, not an error.")
            .Accepts<byte[]>("multipart/form-data", PdfType, XmlType)
            .Produces<ValidationReportResponse>()
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415)
            .WithMetadata(bodyLimit)
            .AllowAnonymous();

        return app;
    }

    /// <summary>The multipart part 'policy' (a text field or a file holding JSON), or null when absent.</summary>
    private static async Task<ValidationPolicyInput?> PolicyPartAsync(IFormCollection form, CancellationToken ct)
    {
        string? json = null;
        if (form.Files.GetFile("policy") is { } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            json = await reader.ReadToEndAsync(ct);
        }
        else if (form.TryGetValue("policy", out var text))
        {
            json = text.ToString();
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ValidationPolicyInput>(json, PolicyJson)
                ?? throw CaException.BadRequest("invalid-policy", "The 'policy' part is JSON null; send an object.", "policy");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw CaException.BadRequest("invalid-policy", $"The 'policy' part is not a valid policy object: {e.Message}", "policy", e);
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions PolicyJson = new(System.Text.Json.JsonSerializerDefaults.Web) { MaxDepth = 8 };

    /// <summary>A multipart part's format: its declared media type, else its first bytes.</summary>
    private static DocumentFormat FormatOf(string? contentType, Stream content)
    {
        if (string.Equals(contentType, PdfType, StringComparison.OrdinalIgnoreCase))
        {
            return DocumentFormat.Pdf;
        }

        if (XmlTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            return DocumentFormat.Xml;
        }

        if (!content.CanSeek)
        {
            return DocumentFormat.Binary;
        }

        var head = new byte[1024];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        return DocumentVerificationService.Detect(head.AsSpan(0, read)) == DocumentFormat.Pdf ? DocumentFormat.Pdf : DocumentFormat.Binary;
    }

    private static SignatureLevel? ParseLevel(string? level) => level?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        "B-B" or "BB" => SignatureLevel.BB,
        "B-T" or "BT" => SignatureLevel.BT,
        "B-LT" or "BLT" => SignatureLevel.BLT,
        "B-LTA" or "BLTA" => SignatureLevel.BLTA,
        _ => throw CaException.BadRequest("invalid-level", "level must be B-B, B-T, B-LT or B-LTA.", "level"),
    };
}
