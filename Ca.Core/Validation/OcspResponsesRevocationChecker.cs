namespace Ca.Core.Validation;

/// <summary>
/// Answers revocation questions from OCSP responses that came with the request: carried by a document (a PDF
/// DSS, XAdES RevocationValues) or supplied by the caller's policy. Each is judged by
/// <see cref="OcspResponseVerifier"/> (issuer or delegated responder, CertID, freshness at the validation time);
/// the first conclusive answer wins, unparseable responses are ignored. A delegated responder without
/// id-pkix-ocsp-nocheck is checked with the CRL checker given (the caller's or the document's CRLs).
/// </summary>
public sealed class OcspResponsesRevocationChecker : IRevocationChecker
{
    private readonly IReadOnlyList<byte[]> responses;
    private readonly RevocationOrigin origin;
    private readonly OcspFreshness freshness;
    private readonly TimeProvider? clock;
    private readonly IRevocationChecker? responderStatus;

    /// <summary>Creates the checker from DER OCSPResponse structures.</summary>
    /// <param name="ocspResponses">The responses.</param>
    /// <param name="origin">How the report names them (document or caller).</param>
    /// <param name="freshness">Skew and maximum age; by default 5 minutes and 1 hour.</param>
    /// <param name="clock">The current time, to refuse answers from the future; not checked when null.</param>
    /// <param name="responderStatus">
    /// CRL-based checking of delegated responders' certificates (RFC 6960 4.2.2.2.1); without it, only answers of
    /// the issuer itself or of responders with id-pkix-ocsp-nocheck are usable.
    /// </param>
    public OcspResponsesRevocationChecker(IEnumerable<byte[]> ocspResponses, RevocationOrigin origin = RevocationOrigin.Document, OcspFreshness? freshness = null, TimeProvider? clock = null, IRevocationChecker? responderStatus = null)
    {
        this.responderStatus = responderStatus;
        responses = ocspResponses.ToList();
        this.origin = origin;
        this.freshness = freshness ?? new OcspFreshness(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        this.clock = clock;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Issuer is null)
        {
            return RevocationCheckResult.Unknown("no issuer certificate to match OCSP responses");
        }

        var why = RevocationCheckResult.Unknown(origin == RevocationOrigin.CallerOcsp ? "no supplied OCSP response for the certificate" : "no embedded OCSP response for the certificate");
        foreach (var response in responses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await OcspResponseVerifier.JudgeAsync(response, request, clock?.GetUtcNow(), freshness, new RevocationSource(origin), responderStatus, cancellationToken).ConfigureAwait(false);
            if (result.Status != RevocationStatus.Unknown)
            {
                return result;
            }

            if (result.Detail is { } detail && !detail.StartsWith("the OCSP response has no answer", StringComparison.Ordinal))
            {
                why = result;
            }
        }

        return why;
    }
}
