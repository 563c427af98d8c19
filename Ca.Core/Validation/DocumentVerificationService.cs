using Ca.Core.Documents;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Validates a CMS/CAdES signature the way ETSI EN 319 102-1 describes: cryptographic checks first
/// (<see cref="CmsSignatureInspector"/>), then the signature time-stamp as proof of existence (its TSA
/// must itself validate at genTime), then the signer's path at the proven time (genTime, else now).
/// Every outcome, including input that is not a signature at all, is a report, never an exception.
/// </summary>
public sealed class DocumentVerificationService
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private readonly CmsSignatureInspector inspector;
    private readonly TrustStore trust;
    private readonly CertificatePathBuilder builder;
    private readonly CertificatePathValidator validator;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public DocumentVerificationService(CmsSignatureInspector inspector, TrustStore trust, CertificatePathBuilder builder, CertificatePathValidator validator, TimeProvider clock)
    {
        this.inspector = inspector;
        this.trust = trust;
        this.builder = builder;
        this.validator = validator;
        this.clock = clock;
    }

    /// <summary>Validates a signature (DER, BER or PEM) with its document when detached.</summary>
    /// <param name="signature">The CMS SignedData.</param>
    /// <param name="document">The signed content for a detached signature; null when it is embedded.</param>
    /// <param name="cancellationToken">Cancels reading and revocation I/O.</param>
    public async Task<ValidationReport> VerifyAsync(byte[] signature, Stream? document, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (document is null && ParsedSignedData.TryParse(signature, out _) is { Content: null })
        {
            return Report(ValidationIndication.Indeterminate, ValidationSubIndication.SignedDataNotFound, "The signature is detached; send the signed document with it.", now);
        }

        var inspection = await inspector.InspectAsync(signature, document, cancellationToken).ConfigureAwait(false);
        var warnings = new List<ValidationWarning>();
        switch (inspection.Verdict)
        {
            case CmsVerdict.FormatFailure when inspection.SignerCertificate is null && ParsedSignedData.TryParse(signature, out _) is not null:
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

        var signer = inspection.SignerCertificate!;
        if (!AllowsSigning(signer))
        {
            return Report(ValidationIndication.Indeterminate, ValidationSubIndication.SigConstraintsFailure,
                "The signer certificate's key usage allows neither digitalSignature nor nonRepudiation.", now, inspection);
        }

        var context = await trust.GetAsync(cancellationToken).ConfigureAwait(false);
        var pool = inspection.Certificates.Concat(context.Intermediates).ToList();
        DateTimeOffset? proven = null;
        if (inspection.Verdict == CmsVerdict.Ok && inspection.TimeStampTime is { } genTime && inspection.TimeStampAuthorityCertificate is { } tsa)
        {
            var tsaResult = await builder.BuildAndValidateAsync(
                tsa, pool, context.Anchors, validator,
                PathValidationSettings.At(genTime) with { RequiredExtendedKeyUsages = [TimeStampingEku] },
                context.Revocation, cancellationToken).ConfigureAwait(false);
            if (tsaResult.IsValid)
            {
                proven = genTime;
            }
            else
            {
                var tsaVerdict = PathVerdicts.Map(tsaResult, timeIsProven: true);
                warnings.Add(new ValidationWarning(ValidationWarningCodes.TimestampUntrusted, $"The signature time-stamp was not trusted, so it proves no time: {tsaVerdict.Message}", tsaVerdict.SubIndication));
            }
        }

        var validationTime = proven ?? now;
        var result = await builder.BuildAndValidateAsync(
            signer, pool, context.Anchors, validator, PathValidationSettings.At(validationTime), context.Revocation, cancellationToken).ConfigureAwait(false);
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
            TimestampAuthority = proven is null ? null : CertificateIdentity.From(inspection.TimeStampAuthorityCertificate!),
            ValidationTime = validationTime,
            Chain = PathVerdicts.Chain(result),
            RevocationTime = verdict.RevocationTime,
            Warnings = warnings,
        };
    }

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

    private static ValidationReport Report(ValidationIndication indication, ValidationSubIndication sub, string message, DateTimeOffset time, CmsInspectionResult? inspection = null) => new()
    {
        Indication = indication,
        SubIndication = sub,
        Message = message,
        Signer = inspection?.SignerCertificate is { } signer ? CertificateIdentity.From(signer) : null,
        SigningTime = inspection?.ClaimedSigningTime,
        ValidationTime = time,
    };
}
