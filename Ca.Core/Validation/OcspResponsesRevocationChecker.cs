using Ca.Core.Revocation;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Answers revocation questions from OCSP responses a document carries (a PDF DSS, XAdES RevocationValues).
/// A response counts only when it is signed by the certificate's issuer or by a responder the issuer
/// delegated (id-kp-OCSPSigning), and a "good" answer proves non-revocation only from its thisUpdate on:
/// a response produced after the proven signing time shows the certificate was not revoked then.
/// </summary>
public sealed class OcspResponsesRevocationChecker : IRevocationChecker
{
    private const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";
    private readonly IReadOnlyList<BasicOcspResp> responses;

    /// <summary>Creates the checker from DER OCSPResponse structures; unparseable ones are ignored.</summary>
    public OcspResponsesRevocationChecker(IEnumerable<byte[]> ocspResponses)
    {
        var parsed = new List<BasicOcspResp>();
        foreach (var der in ocspResponses)
        {
            try
            {
                var response = new OcspResp(der);
                if (response.Status == OcspRespStatus.Successful && response.GetResponseObject() is BasicOcspResp basic)
                {
                    parsed.Add(basic);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not evidence; ignored.
            }
        }

        responses = parsed;
    }

    /// <inheritdoc />
    public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        if (request.Issuer is not { } issuer)
        {
            return ValueTask.FromResult(RevocationCheckResult.Unknown("no issuer certificate to match OCSP responses"));
        }

        var why = "no embedded OCSP response for the certificate";
        foreach (var basic in responses)
        {
            foreach (var single in basic.Responses)
            {
                try
                {
                    var id = single.GetCertID();
                    if (!id.SerialNumber.Equals(request.Certificate.SerialNumber) || !id.MatchesIssuer(issuer))
                    {
                        continue;
                    }

                    if (!SignedByIssuerOrDelegate(basic, issuer))
                    {
                        why = "an embedded OCSP response is not signed by the issuer or its delegated responder";
                        continue;
                    }

                    var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(single.ThisUpdate, DateTimeKind.Utc));
                    switch (single.GetCertStatus())
                    {
                        case RevokedStatus revoked:
                            var reason = revoked.HasRevocationReason ? (RevocationReason)revoked.RevocationReason : RevocationReason.Unspecified;
                            return ValueTask.FromResult(RevocationCheckResult.Revoked(new DateTimeOffset(DateTime.SpecifyKind(revoked.RevocationTime, DateTimeKind.Utc)), reason));
                        case null when thisUpdate >= request.ValidationTime:
                            return ValueTask.FromResult(RevocationCheckResult.Good);
                        case null:
                            why = $"the embedded OCSP response ({thisUpdate:u}) predates the validation time";
                            break;
                        default:
                            why = "the embedded OCSP response says unknown";
                            break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    why = $"an embedded OCSP response is malformed: {e.Message}";
                }
            }
        }

        return ValueTask.FromResult(RevocationCheckResult.Unknown(why));
    }

    private static bool SignedByIssuerOrDelegate(BasicOcspResp basic, X509Certificate issuer)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return true;
        }

        foreach (var responder in basic.GetCerts())
        {
            try
            {
                responder.Verify(issuer.GetPublicKey());
                var ekus = responder.GetExtendedKeyUsage();
                if (ekus is not null && ekus.Any(e => e.Id == OcspSigningEku) && basic.Verify(responder.GetPublicKey()))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not this one.
            }
        }

        return false;
    }
}
