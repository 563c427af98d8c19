namespace Ca.Core.Validation;

/// <summary>
/// Validates a certificate for a relying party: RFC 5280 path building and validation to our roots and
/// the configured anchors (or the caller's policy: its anchors, a trust list, EKUs, depth, revocation mode and
/// data), revocation from our database (our CAs), the caller's data, then OCSP and CRLs (others, when enabled), at
/// the requested time or now. The requested time is treated as proven: the caller asks "was it valid then".
/// Every outcome is a report: certificates that cannot be processed are FAILED/FORMAT_FAILURE, and a pool too
/// large to search within the path-building budget is INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND.
/// </summary>
public sealed class CertificateVerificationService
{
    private readonly TrustStore trust;
    private readonly CertificatePathBuilder builder;
    private readonly CertificatePathValidator validator;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public CertificateVerificationService(TrustStore trust, CertificatePathBuilder builder, CertificatePathValidator validator, TimeProvider clock)
    {
        this.trust = trust;
        this.builder = builder;
        this.validator = validator;
        this.clock = clock;
    }

    /// <summary>Builds the report.</summary>
    public async Task<ValidationReport> VerifyAsync(CertificateVerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = request.Policy ?? Policy.ValidationPolicy.Default;
        var time = policy.At ?? request.At ?? clock.GetUtcNow();
        var supplied = request.Chain.Select((c, i) => ($"Chain certificate {i + 1}", c)).Prepend(("The certificate", request.Certificate));
        if (CertificateFormat.FirstProblem(supplied) is { } malformed)
        {
            return new ValidationReport
            {
                Indication = ValidationIndication.Failed,
                SubIndication = ValidationSubIndication.FormatFailure,
                Message = malformed,
                Signer = CertificateIdentity.TryFrom(request.Certificate),
                ValidationTime = time,
            };
        }

        var context = await trust.GetAsync(policy, cancellationToken).ConfigureAwait(false);
        var result = await builder.BuildAndValidateAsync(
            request.Certificate,
            request.Chain.Concat(context.Intermediates),
            context.Anchors,
            validator,
            context.SettingsAt(time) with { RequiredExtendedKeyUsages = policy.RequiredEku.Count == 0 ? null : policy.RequiredEku },
            context.Revocation,
            cancellationToken).ConfigureAwait(false);
        var verdict = PathVerdicts.Map(result, timeIsProven: true);
        return context.Describe(new ValidationReport
        {
            Indication = verdict.Indication,
            SubIndication = verdict.SubIndication,
            Message = verdict.Message,
            Signer = CertificateIdentity.From(request.Certificate),
            ValidationTime = time,
            Chain = PathVerdicts.Chain(result),
            RevocationTime = verdict.RevocationTime,
        });
    }
}
