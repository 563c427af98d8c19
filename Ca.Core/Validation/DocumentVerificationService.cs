using Ca.Core.Documents;
using Ca.Core.Documents.Pades;
using Ca.Core.Documents.Xades;

namespace Ca.Core.Validation;

/// <summary>
/// Validates a CMS/CAdES signature the way ETSI EN 319 102-1 describes, for every SignerInfo and every
/// counter-signature: cryptographic checks first (<see cref="CmsSignatureInspector"/>), then the
/// signature time-stamp as proof of existence (its TSA must itself validate at genTime), then the
/// signer's path at the proven time (genTime, else now). The overall verdict combines the signatures by
/// <see cref="OverallIndication"/>. Every outcome, including input that is not a signature at all, is a
/// report, never an exception.
/// </summary>
public sealed class DocumentVerificationService
{
    private readonly CmsSignatureInspector inspector;
    private readonly SignerValidator signers;
    private readonly PadesVerifier pades;
    private readonly XadesVerifier xades;
    private readonly TrustStore trust;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public DocumentVerificationService(CmsSignatureInspector inspector, TrustStore trust, CertificatePathBuilder builder, CertificatePathValidator validator, TimeProvider clock)
    {
        this.inspector = inspector;
        this.trust = trust;
        this.clock = clock;
        signers = new SignerValidator(builder, validator);
        pades = new PadesVerifier(inspector, signers);
        xades = new XadesVerifier(signers);
    }

    /// <summary>What a submitted signature is, from its first bytes: a signed PDF, a signed XML document, or CMS.</summary>
    public static DocumentFormat Detect(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        if (head.IndexOf("%PDF-"u8) >= 0)
        {
            return DocumentFormat.Pdf;
        }

        var start = head is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return start < head.Length && head[start] == '<' ? DocumentFormat.Xml : DocumentFormat.Binary;
    }

    /// <summary>Validates a signature (DER, BER or PEM) with its document when detached.</summary>
    /// <param name="signature">The CMS SignedData.</param>
    /// <param name="document">The signed content for a detached signature; null when it is embedded.</param>
    /// <param name="cancellationToken">Cancels reading and revocation I/O.</param>
    public Task<ValidationReport> VerifyAsync(byte[] signature, Stream? document, CancellationToken cancellationToken) =>
        VerifyAsync(signature, document, null, cancellationToken);

    /// <summary>Validates a signature under the caller's policy (its <c>at</c> replaces "now" when no time-stamp proves a time).</summary>
    /// <param name="signature">The CMS SignedData, signed PDF or signed XML.</param>
    /// <param name="document">The signed content for a detached CMS signature.</param>
    /// <param name="policy">The caller's policy; the default when null.</param>
    /// <param name="cancellationToken">Cancels reading and revocation I/O.</param>
    public async Task<ValidationReport> VerifyAsync(byte[] signature, Stream? document, Policy.ValidationPolicy? policy, CancellationToken cancellationToken)
    {
        policy ??= Policy.ValidationPolicy.Default;
        var now = policy.At ?? clock.GetUtcNow();
        switch (Detect(signature))
        {
            // A signed PDF or XML document carries its own content: the document part is not needed.
            case DocumentFormat.Pdf:
                var pdfContext = await trust.GetAsync(policy, cancellationToken).ConfigureAwait(false);
                return pdfContext.Describe(await pades.VerifyAsync(signature, pdfContext, now, cancellationToken).ConfigureAwait(false));
            case DocumentFormat.Xml:
                var xmlContext = await trust.GetAsync(policy, cancellationToken).ConfigureAwait(false);
                return xmlContext.Describe(await xades.VerifyAsync(signature, xmlContext, now, cancellationToken).ConfigureAwait(false));
        }

        var parsed = ParsedSignedData.TryParse(signature, out _);
        if (document is null && parsed is { Content: null })
        {
            return SignerValidator.Report(ValidationIndication.Indeterminate, ValidationSubIndication.SignedDataNotFound, "The signature is detached; send the signed document with it.", now);
        }

        var inspections = await inspector.InspectAllAsync(signature, document, cancellationToken).ConfigureAwait(false);
        var trustContext = await trust.GetAsync(policy, cancellationToken).ConfigureAwait(false);
        var reports = new List<ValidationReport>();
        for (var i = 0; i < inspections.Count; i++)
        {
            reports.Add(await ValidateWithCounterSignaturesAsync(inspections[i], $"signer-{i + 1}", parsed is not null, trustContext, now, cancellationToken).ConfigureAwait(false));
        }

        return trustContext.Describe(OverallIndication.Combine(reports));
    }

    private async Task<ValidationReport> ValidateWithCounterSignaturesAsync(CmsInspectionResult inspection, string id, bool parsed, TrustContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var report = await signers.ValidateAsync(inspection, parsed, context, SignerValidator.Evidence.None, now, cancellationToken).ConfigureAwait(false);
        var counters = new List<ValidationReport>();
        for (var i = 0; i < inspection.CounterSignatures.Count; i++)
        {
            counters.Add(await ValidateWithCounterSignaturesAsync(inspection.CounterSignatures[i], $"{id}/counter-{i + 1}", parsed, context, now, cancellationToken).ConfigureAwait(false));
        }

        return report with
        {
            SignatureId = id,
            Format = report.Format ?? CadesLevel(inspection),
            CounterSignatures = counters,
        };
    }

    private static string? CadesLevel(CmsInspectionResult inspection) =>
        inspection.SignerCertificate is null ? null : inspection.TimeStampTime is null ? "CAdES-BASELINE-B" : "CAdES-BASELINE-T";
}
