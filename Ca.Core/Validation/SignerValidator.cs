using Ca.Core.Documents;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// The part of ETSI EN 319 102-1 validation every format shares once the cryptography of one signature is
/// known (CMS SignerInfo, PDF signature, XML signature): the signer certificate must allow signing, a
/// signature time-stamp proves a time only when its TSA validates at genTime, and the signer's path is
/// validated at the earliest proven time (else now). Evidence embedded in the document (a PDF DSS, XAdES
/// values) adds certificates and revocation data; a later time-stamp over the signature (a PDF document
/// time-stamp) proves existence before its own time.
/// </summary>
internal sealed class SignerValidator
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private readonly CertificatePathBuilder builder;
    private readonly CertificatePathValidator validator;

    public SignerValidator(CertificatePathBuilder builder, CertificatePathValidator validator)
    {
        this.builder = builder;
        this.validator = validator;
    }

    /// <summary>Evidence that comes with the document rather than with the signature.</summary>
    /// <param name="Certificates">Extra certificates (a DSS /Certs, XAdES CertificateValues).</param>
    /// <param name="Revocation">Revocation data carried by the document, asked before the service's own sources.</param>
    /// <param name="LaterTimeStamps">Time-stamps that cover the signature (document time-stamps): genTime and TSA.</param>
    public sealed record Evidence(IReadOnlyList<X509Certificate> Certificates, IRevocationChecker? Revocation, IReadOnlyList<(DateTimeOffset Time, X509Certificate Tsa, IReadOnlyList<X509Certificate> Certificates)> LaterTimeStamps)
    {
        /// <summary>Nothing beyond the signature itself.</summary>
        public static Evidence None { get; } = new([], null, []);
    }

    /// <summary>
    /// Validates one inspected signature; <paramref name="parsed"/> is false when the input was not a signature
    /// container at all; <paramref name="requiredEkus"/> are EKUs the signer must carry (id-kp-timeStamping for a
    /// document time-stamp).
    /// </summary>
    public async Task<ValidationReport> ValidateAsync(CmsInspectionResult inspection, bool parsed, TrustContext context, Evidence evidence, DateTimeOffset now, CancellationToken cancellationToken, IReadOnlyCollection<string>? requiredEkus = null)
    {
        var warnings = new List<ValidationWarning>();
        switch (inspection.Verdict)
        {
            case CmsVerdict.FormatFailure when inspection.SignerCertificate is null && parsed:
                return Report(ValidationIndication.Indeterminate, ValidationSubIndication.NoSigningCertificateFound, inspection.Message, now);
            case CmsVerdict.FormatFailure:
                return Report(ValidationIndication.Failed, ValidationSubIndication.FormatFailure, inspection.Message, now, inspection);
            case CmsVerdict.HashFailure:
                return Report(ValidationIndication.Failed, ValidationSubIndication.HashFailure, inspection.Message, now, inspection);
            case CmsVerdict.SignatureFailure:
                return Report(ValidationIndication.Failed, ValidationSubIndication.SigCryptoFailure, inspection.Message, now, inspection);
            case CmsVerdict.SigningCertificateMismatch:
                return Report(ValidationIndication.Indeterminate, ValidationSubIndication.NoSigningCertificateFound, inspection.Message, now, inspection);
            case CmsVerdict.TimestampInvalid:
                // The signature itself verified (the inspector checks the time-stamp last); an invalid
                // time-stamp only fails to prove a time, so validation goes on without one.
                warnings.Add(new ValidationWarning(TimeStampWarningCode(inspection.TimeStampProblem), $"The signature time-stamp was ignored: {inspection.Message}"));
                break;
        }

        // The certificates come with the signature, from whoever sent it: any that cannot be processed makes the
        // signature malformed, before path building meets it.
        var embedded = inspection.Certificates.Select((c, i) => ($"Certificate {i + 1} of the signature", c));
        if (CertificateFormat.FirstProblem(embedded) is { } malformed)
        {
            return Report(ValidationIndication.Failed, ValidationSubIndication.FormatFailure, malformed, now, inspection);
        }

        var signer = inspection.SignerCertificate!;
        if (!AllowsSigning(signer))
        {
            return Report(ValidationIndication.Indeterminate, ValidationSubIndication.SigConstraintsFailure,
                "The signer certificate's key usage allows neither digitalSignature nor nonRepudiation.", now, inspection);
        }

        var revocation = evidence.Revocation is null
            ? context.Revocation
            : context.Recorder?.After(evidence.Revocation) ?? new CompositeRevocationChecker(evidence.Revocation, context.Revocation);
        var pool = inspection.Certificates.Concat(evidence.Certificates).Concat(context.Intermediates).ToList();
        DateTimeOffset? proven = null;
        X509Certificate? provingTsa = null;
        var candidates = new List<(DateTimeOffset Time, X509Certificate Tsa, IReadOnlyList<X509Certificate> Certificates)>();
        if (inspection.Verdict == CmsVerdict.Ok && inspection.TimeStampTime is { } genTime && inspection.TimeStampAuthorityCertificate is { } tsa)
        {
            candidates.Add((genTime, tsa, []));
        }

        candidates.AddRange(evidence.LaterTimeStamps);
        foreach (var candidate in candidates.OrderBy(c => c.Time))
        {
            var tsaResult = await builder.BuildAndValidateAsync(
                candidate.Tsa, pool.Concat(candidate.Certificates), context.Anchors, validator,
                context.SettingsAt(candidate.Time) with { RequiredExtendedKeyUsages = [TimeStampingEku] },
                revocation, cancellationToken).ConfigureAwait(false);
            if (tsaResult.IsValid)
            {
                (proven, provingTsa) = (candidate.Time, candidate.Tsa);
                break;
            }

            var tsaVerdict = PathVerdicts.Map(tsaResult, timeIsProven: true);
            warnings.Add(new ValidationWarning(ValidationWarningCodes.TimestampUntrusted, $"A time-stamp at {candidate.Time:u} was not trusted, so it proves no time: {tsaVerdict.Message}", tsaVerdict.SubIndication));
        }

        var validationTime = proven ?? now;
        var result = await builder.BuildAndValidateAsync(
            signer, pool, context.Anchors, validator, context.SettingsAt(validationTime) with { RequiredExtendedKeyUsages = requiredEkus ?? (context.Policy.RequiredEku.Count == 0 ? null : context.Policy.RequiredEku) }, revocation, cancellationToken).ConfigureAwait(false);
        var verdict = PathVerdicts.Map(result, timeIsProven: proven is not null);
        var message = verdict.Indication == ValidationIndication.Passed
            ? proven is null ? "The signature is valid (no time-stamp: validated at the current time)." : "The signature is valid at the time proven by its time-stamp."
            : verdict.Message;
        return new ValidationReport
        {
            Indication = verdict.Indication,
            SubIndication = verdict.SubIndication,
            Message = message,
            Signer = CertificateIdentity.From(signer),
            SigningTime = inspection.ClaimedSigningTime,
            TimestampTime = proven,
            TimestampAuthority = provingTsa is null ? null : CertificateIdentity.From(provingTsa),
            ValidationTime = validationTime,
            Chain = PathVerdicts.Chain(result),
            RevocationTime = verdict.RevocationTime,
            Warnings = warnings,
        };
    }

    /// <summary>A report that stops before path validation.</summary>
    public static ValidationReport Report(ValidationIndication indication, ValidationSubIndication sub, string message, DateTimeOffset time, CmsInspectionResult? inspection = null) => new()
    {
        Indication = indication,
        SubIndication = sub,
        Message = message,
        Signer = inspection?.SignerCertificate is { } signer ? CertificateIdentity.TryFrom(signer) : null,
        SigningTime = inspection?.ClaimedSigningTime,
        ValidationTime = time,
    };

    private static string TimeStampWarningCode(TimeStampProblem? problem) => problem switch
    {
        TimeStampProblem.NotForThisSignature => ValidationWarningCodes.TimestampNotForThisSignature,
        TimeStampProblem.AuthorityCertificateMissing => ValidationWarningCodes.TimestampAuthorityCertificateMissing,
        _ => ValidationWarningCodes.TimestampInvalid,
    };

    private static bool AllowsSigning(X509Certificate certificate)
    {
        var usage = certificate.GetKeyUsage();
        return usage is null || usage[0] || usage[1];
    }
}
