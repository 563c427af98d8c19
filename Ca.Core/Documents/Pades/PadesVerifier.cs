using System.Security.Cryptography;
using Ca.Core.Validation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Validates every signature and document time-stamp of a PDF (ETSI EN 319 102-1 with the PAdES
/// specifics of EN 319 142-1): the byte range must be the whole revision it ends but exactly its
/// /Contents; the CMS is checked over those bytes; what the file gained after the signature is judged by
/// <see cref="PdfChangeAnalyzer"/>; the DSS provides certificates and revocation data (proof at the
/// signing time, so a B-LT file validates with the CA unreachable), and later document time-stamps
/// prove the signature existed before their time.
/// </summary>
internal sealed class PadesVerifier
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private readonly CmsSignatureInspector inspector;
    private readonly SignerValidator signers;

    public PadesVerifier(CmsSignatureInspector inspector, SignerValidator signers)
    {
        this.inspector = inspector;
        this.signers = signers;
    }

    public async Task<ValidationReport> VerifyAsync(byte[] pdf, TrustContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PdfFile file;
        IReadOnlyList<PdfSignatureField> fields;
        try
        {
            file = PdfFile.Open(pdf);
            if (file.IsEncrypted)
            {
                return Failed("The PDF is encrypted; its signatures cannot be examined.", now);
            }

            fields = PdfSignatureReader.Read(file);
        }
        catch (PdfFormatException e)
        {
            return Failed($"Not a PDF that can be examined: {e.Message}", now);
        }

        if (fields.Count == 0)
        {
            return Failed("The PDF has no signature.", now);
        }

        var revisionEnds = PdfFile.RevisionEnds(pdf);
        var dss = EmbeddedValidationData.From(PdfDss.Items(file, "Certs"), PdfDss.Items(file, "OCSPs"), PdfDss.Items(file, "CRLs"));
        var dssCertificates = dss.Certificates;
        var dssRevocation = dss.Revocation;

        // Document time-stamps first: each proves that everything in the revisions it covers existed at its time.
        var documentTimeStamps = new List<(PdfSignatureField Field, DateTimeOffset Time, X509Certificate Tsa, IReadOnlyList<X509Certificate> Certificates, string? Error)>();
        foreach (var field in fields.Where(f => f.IsDocumentTimeStamp))
        {
            documentTimeStamps.Add(CheckDocumentTimeStamp(file, field));
        }

        var reports = new List<ValidationReport>();
        foreach (var field in fields)
        {
            ValidationReport report;
            if (field.Problem is { } problem)
            {
                report = Failed(problem, now);
            }
            else if (field.IsDocumentTimeStamp)
            {
                var stamp = documentTimeStamps.First(d => d.Field == field);
                report = stamp.Error is { } error
                    ? Failed(error, now, ValidationSubIndication.HashFailure)
                    : await ValidateTimeStampAsync(stamp.Tsa, stamp.Time, stamp.Certificates.Concat(dssCertificates).ToList(), dssRevocation, context, cancellationToken).ConfigureAwait(false);
                report = report with { Format = "PAdES document time-stamp" };
            }
            else if (field.SubFilter is not ("ETSI.CAdES.detached" or "adbe.pkcs7.detached"))
            {
                report = Failed($"Signatures of /SubFilter {field.SubFilter} are not supported.", now);
            }
            else
            {
                var later = documentTimeStamps
                    .Where(d => d.Error is null && d.Field.SignedLength > field.SignedLength)
                    .Select(d => (d.Time, d.Tsa, d.Certificates))
                    .ToList();
                var inspection = inspector.InspectAll(field.Contents, PdfSignatureReader.SignedBytes(file, field))[0];
                report = await signers.ValidateAsync(inspection, parsed: true, context, new SignerValidator.Evidence(dssCertificates, dssRevocation, later), now, cancellationToken).ConfigureAwait(false);
                report = report with
                {
                    SigningTime = report.SigningTime ?? ClaimedTime(field),
                    Format = Level(field, report, dssRevocation is not null, documentTimeStamps.Any(d => d.Error is null && d.Field.SignedLength > field.SignedLength)),
                };
            }

            reports.Add(WithScope(file, pdf, field, report, revisionEnds));
        }

        return OverallIndication.Combine(reports);
    }

    private ValidationReport WithScope(PdfFile file, byte[] pdf, PdfSignatureField field, ValidationReport report, IReadOnlyList<long> revisionEnds)
    {
        if (field.ByteRange.Count != 4)
        {
            return report with { SignatureId = field.FieldName };
        }

        var signedLength = field.SignedLength;
        var coversRevision = revisionEnds.Contains(signedLength);
        var coversFile = signedLength == pdf.Length || pdf.AsSpan((int)Math.Min(signedLength, pdf.Length)).IndexOfAnyExcept("\r\n \t\0"u8) < 0;
        IReadOnlyList<PdfChange> changes = [];
        var warnings = report.Warnings.ToList();
        if (!coversRevision)
        {
            warnings.Add(new ValidationWarning(ValidationWarningCodes.PdfByteRangeNotRevisionEnd, "The byte range does not end where a revision ends (%%EOF)."));
        }

        if (!coversFile && field.Problem is null)
        {
            try
            {
                var signed = PdfFile.Open(pdf.AsMemory(0, (int)signedLength), file.Limits);
                changes = PdfChangeAnalyzer.Analyze(signed, file, revisionEnds);
            }
            catch (PdfFormatException e)
            {
                changes = [new PdfChange(0, false, $"The signed revision cannot be read on its own: {e.Message}")];
            }
        }

        var disallowed = changes.Where(c => !c.Allowed).ToList();
        if (disallowed.Count > 0 && report.Indication != ValidationIndication.Failed)
        {
            report = report with
            {
                Indication = ValidationIndication.Failed,
                SubIndication = ValidationSubIndication.HashFailure,
                Message = $"The document was changed after this signature in ways a signature does not allow: {disallowed[0].Description}",
            };
        }

        return report with
        {
            SignatureId = field.FieldName,
            Warnings = warnings,
            Pdf = new PdfSignatureScope(field.FieldName, field.SubFilter, field.ByteRange, coversRevision, coversFile, signedLength, changes),
        };
    }

    private static (PdfSignatureField, DateTimeOffset, X509Certificate, IReadOnlyList<X509Certificate>, string?) CheckDocumentTimeStamp(PdfFile file, PdfSignatureField field)
    {
        try
        {
            var token = new TimeStampToken(ContentInfo.GetInstance(Asn1Object.FromByteArray(field.Contents)));
            var info = token.TimeStampInfo;
            var expected = DigestUtilities.CalculateDigest(new DerObjectIdentifier(info.MessageImprintAlgOid), PdfSignatureReader.SignedBytes(file, field));
            var certificates = token.GetCertificates().EnumerateMatches(null).ToList();
            var tsa = certificates.FirstOrDefault(token.SignerID.Match);
            if (!CryptographicOperations.FixedTimeEquals(expected, info.GetMessageImprintDigest()))
            {
                return (field, default, null!, [], "The document time-stamp does not cover the bytes of its revision.");
            }

            if (tsa is null)
            {
                return (field, default, null!, [], "The document time-stamp's TSA certificate is not embedded.");
            }

            token.Validate(tsa);
            return (field, new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc)), tsa, certificates, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (field, default, null!, [], $"The document time-stamp is invalid: {e.Message}");
        }
    }

    private async Task<ValidationReport> ValidateTimeStampAsync(X509Certificate tsa, DateTimeOffset genTime, IReadOnlyList<X509Certificate> certificates, IRevocationChecker? dssRevocation, TrustContext context, CancellationToken cancellationToken)
    {
        var inspection = new CmsInspectionResult(CmsVerdict.Ok, "Document time-stamp verified.", tsa, certificates, genTime, null, null, true);
        var report = await signers.ValidateAsync(inspection, parsed: true, context, new SignerValidator.Evidence([], dssRevocation, []), genTime, cancellationToken, [TimeStampingEku]).ConfigureAwait(false);
        return report with { TimestampTime = genTime, ValidationTime = genTime };
    }

    private static string Level(PdfSignatureField field, ValidationReport report, bool hasDss, bool hasLaterDocumentTimeStamp)
    {
        var profile = field.SubFilter == "ETSI.CAdES.detached" ? "PAdES-BASELINE" : "PDF (adbe.pkcs7.detached)";
        var level = report.TimestampTime is null ? "B" : hasDss && hasLaterDocumentTimeStamp ? "LTA" : hasDss ? "LT" : "T";
        return $"{profile}-{level}";
    }

    private static DateTimeOffset? ClaimedTime(PdfSignatureField field)
    {
        var text = (field.Dictionary["M"] as PdfString)?.AsText();
        if (text is null || !text.StartsWith("D:", StringComparison.Ordinal) || text.Length < 16)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(text.Substring(2, 14), "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }

    private static ValidationReport Failed(string message, DateTimeOffset now, ValidationSubIndication sub = ValidationSubIndication.FormatFailure) =>
        SignerValidator.Report(ValidationIndication.Failed, sub, message, now);
}
