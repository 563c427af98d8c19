namespace Ca.Core.Validation;

/// <summary>
/// Answers revocation questions from OCSP responses that came with the request: carried by a document (a PDF
/// DSS, XAdES RevocationValues) or supplied by the caller's policy. Each is judged by
/// <see cref="OcspResponseVerifier"/> (issuer or delegated responder, CertID, freshness at the validation time);
/// the first conclusive answer wins, unparseable responses are ignored.
/// </summary>
public sealed class OcspResponsesRevocationChecker : IRevocationChecker
{
    private readonly IReadOnlyList<byte[]> responses;
    private readonly RevocationOrigin origin;
    private readonly OcspFreshness freshness;
    private readonly TimeProvider? clock;

    /// <summary>Creates the checker from DER OCSPResponse structures.</summary>
    /// <param name="ocspResponses">The responses.</param>
    /// <param name="origin">How the report names them (document or caller).</param>
    /// <param name="freshness">Skew and maximum age; by default 5 minutes and 1 hour.</param>
    /// <param name="clock">The current time, to refuse answers from the future; not checked when null.</param>
    public OcspResponsesRevocationChecker(IEnumerable<byte[]> ocspResponses, RevocationOrigin origin = RevocationOrigin.Document, OcspFreshness? freshness = null, TimeProvider? clock = null)
    {
        responses = ocspResponses.ToList();
        this.origin = origin;
        this.freshness = freshness ?? new OcspFreshness(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        this.clock = clock;
    }

    /// <inheritdoc />
    public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        if (request.Issuer is not { } issuer)
        {
            return ValueTask.FromResult(RevocationCheckResult.Unknown("no issuer certificate to match OCSP responses"));
        }

        var why = origin == RevocationOrigin.CallerOcsp ? "no supplied OCSP response for the certificate" : "no embedded OCSP response for the certificate";
        foreach (var response in responses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = OcspResponseVerifier.Judge(response, request.Certificate, issuer, request.ValidationTime, clock?.GetUtcNow(), freshness, new RevocationSource(origin));
            if (result.Status != RevocationStatus.Unknown)
            {
                return ValueTask.FromResult(result);
            }

            if (result.Detail is { } detail && !detail.StartsWith("the OCSP response has no answer", StringComparison.Ordinal))
            {
                why = detail;
            }
        }

        return ValueTask.FromResult(RevocationCheckResult.Unknown(why));
    }
}
