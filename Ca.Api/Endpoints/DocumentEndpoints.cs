using Ca.Api.Authentication;
using Ca.Api.Contracts;
using Ca.Api.Startup;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ca.Api.Endpoints;

/// <summary>Signing documents with a service-held e-seal, and verifying anyone's CMS/CAdES signatures.</summary>
internal static class DocumentEndpoints
{
    public const string DetachedType = "application/pkcs7-signature";
    public const string AttachedType = "application/pkcs7-mime";

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
                bool timestamp = true) =>
            {
                if (string.IsNullOrWhiteSpace(signerId))
                {
                    throw CaException.BadRequest("missing-signer", "signerId is required.", "signerId");
                }

                var max = limits.Value.MaxBytes;
                var request = http.Request;
                Stream content;
                byte[]? addTo = null;
                if (BodyReading.IsMultipart(request))
                {
                    var form = await request.ReadFormAsync(ct);
                    var file = form.Files.GetFile("document")
                        ?? throw CaException.BadRequest("missing-document", "The multipart form needs a file field named 'document'.", "document");
                    if (file.Length > max)
                    {
                        return BodyReading.TooLarge(max);
                    }

                    content = file.OpenReadStream();
                    if (form.Files.GetFile("signature") is { } existing)
                    {
                        // A parallel signature: this signer is added beside the ones already there.
                        using var buffer = new MemoryStream();
                        await existing.CopyToAsync(buffer, ct);
                        addTo = buffer.ToArray();
                    }
                }
                else if (BodyReading.Is(request, BodyReading.OctetStream))
                {
                    content = await BodyReading.BufferAsync(request, ct);
                    if (content.Length > max)
                    {
                        return BodyReading.TooLarge(max);
                    }
                }
                else
                {
                    return BodyReading.UnsupportedMediaType(BodyReading.OctetStream, "multipart/form-data (field 'document')");
                }

                await using (content)
                {
                    var signed = await signing.SignAsync(new SignDocumentRequest(signerId, content, detached, timestamp) { AddToSignature = addTo }, HttpCaller.From(http), ct);
                    http.Response.Headers["X-Document-SHA256"] = signed.DocumentSha256;
                    return Results.File(signed.Signature, signed.Detached ? DetachedType : AttachedType, signed.Detached ? "signature.p7s" : "document.p7m");
                }
            })
            .WithName("SignDocument")
            .WithSummary("Signs the body (application/octet-stream, or multipart field 'document') as CAdES B-T (timestamp=false: B-B). detached=true (default) returns application/pkcs7-signature, false application/pkcs7-mime. The signer's owner or an admin only.")
            .Accepts<byte[]>(BodyReading.OctetStream, "multipart/form-data")
            .Produces(200, contentType: DetachedType, additionalContentTypes: AttachedType)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(503)
            .WithMetadata(bodyLimit)
            .RequireAuthorization(Policies.Authenticated);

        group.MapPost("/verify", async Task<IResult> (HttpContext http, DocumentVerificationService verification, IOptions<DocumentOptions> limits, CancellationToken ct) =>
            {
                var request = http.Request;
                if (!BodyReading.IsMultipart(request))
                {
                    return BodyReading.UnsupportedMediaType("multipart/form-data (fields 'signature' and, for a detached signature, 'document')");
                }

                var form = await request.ReadFormAsync(ct);
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

                await using var content = document?.OpenReadStream();
                var report = await verification.VerifyAsync(signature, content, ct);
                return Results.Ok(ValidationReportResponse.From(report));
            })
            .WithName("VerifyDocumentSignature")
            .WithSummary("Validates a CMS/CAdES signature (ETSI EN 319 102-1 style report). Anything that is not a signature is a FAILED/FORMAT_FAILURE report, not an error.")
            .Accepts<byte[]>("multipart/form-data")
            .Produces<ValidationReportResponse>()
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415)
            .WithMetadata(bodyLimit)
            .AllowAnonymous();

        return app;
    }
}
