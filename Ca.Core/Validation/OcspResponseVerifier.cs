using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// Judges one OCSP response for one certificate, wherever it came from (a responder, the caller, a document):
/// the answer must name the certificate (CertID against the issuer), be signed by the issuer or by a responder
/// the issuer delegated (RFC 6960 4.2.2.2: issued directly by the issuer, id-kp-OCSPSigning, valid when the
/// response was produced and at the later validation time), carry the nonce we sent when it carries one at all (a
/// nonce is optional, pre-signed answers have none), and be fresh: thisUpdate not in the future and the validation
/// time no later than nextUpdate (or, without nextUpdate, than thisUpdate plus a maximum age), each with a
/// clock-skew allowance.
/// </summary>
/// <remarks>
/// A delegated responder's own certificate (RFC 6960 4.2.2.2.1) is trusted without a revocation check only when it
/// carries id-pkix-ocsp-nocheck; otherwise its status is asked of a CRL-based checker the caller supplies (never of
/// OCSP, so a responder cannot vouch for itself and no recursion arises). A revoked responder, or one whose status
/// no CRL gives, makes the answer unusable (<see cref="RevocationCheckResult.NotUsable"/>), so the next revocation
/// source is tried.
/// </remarks>
public static class OcspResponseVerifier
{
    private const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";

    /// <summary>
    /// The verdict for <see cref="RevocationRequest.Certificate"/>, or Unknown with the reason; a delegated
    /// responder's own status is checked with <paramref name="responderStatus"/>.
    /// </summary>
    /// <param name="response">The DER OCSPResponse.</param>
    /// <param name="request">The certificate asked about, its issuer (who signs or delegates), the validation time and anchor.</param>
    /// <param name="now">The current time (thisUpdate may not lie beyond it); null when unknown (evidence in documents).</param>
    /// <param name="rules">Skew, maximum age, and the nonce sent, if any.</param>
    /// <param name="source">How the report names the response (origin, URL); times are filled in here.</param>
    /// <param name="responderStatus">
    /// CRL-based revocation checking for a delegated responder's certificate without id-pkix-ocsp-nocheck; null when
    /// none is available (such a responder's answers are then not usable).
    /// </param>
    /// <param name="cancellationToken">Cancels the responder's status check.</param>
    public static async ValueTask<RevocationCheckResult> JudgeAsync(byte[] response, RevocationRequest request, DateTimeOffset? now, OcspFreshness rules, RevocationSource source, IRevocationChecker? responderStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Issuer is not { } issuer)
        {
            return RevocationCheckResult.Unknown("no issuer certificate to match the OCSP response");
        }

        var examined = Examine(response, request.Certificate, issuer, request.ValidationTime, now, rules, source);
        return await VouchAsync(examined, request, responderStatus, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The verdict for <paramref name="certificate"/> without a revocation source for responders: an answer signed
    /// by a delegated responder without id-pkix-ocsp-nocheck is not usable.
    /// </summary>
    /// <param name="response">The DER OCSPResponse.</param>
    /// <param name="certificate">The certificate asked about.</param>
    /// <param name="issuer">Its issuer (the CA that signs or delegates the responses).</param>
    /// <param name="validationTime">The instant the status must hold for.</param>
    /// <param name="now">The current time (thisUpdate may not lie beyond it); null when unknown (evidence in documents).</param>
    /// <param name="rules">Skew, maximum age, and the nonce sent, if any.</param>
    /// <param name="source">How the report names the response (origin, URL); times are filled in here.</param>
    public static RevocationCheckResult Judge(byte[] response, X509Certificate certificate, X509Certificate issuer, DateTimeOffset validationTime, DateTimeOffset? now, OcspFreshness rules, RevocationSource source) =>
        VouchOffline(Examine(response, certificate, issuer, validationTime, now, rules, source));

    /// <summary>The verdict from a parsed basic response, without a revocation source for responders.</summary>
    public static RevocationCheckResult Judge(BasicOcspResp basic, X509Certificate certificate, X509Certificate issuer, DateTimeOffset validationTime, DateTimeOffset? now, OcspFreshness rules, RevocationSource source) =>
        VouchOffline(Examine(basic, certificate, issuer, validationTime, now, rules, source));

    /// <summary>Everything but the delegated responder's own status: signature, authorization, CertID, nonce, freshness.</summary>
    internal static OcspExamination Examine(byte[] response, X509Certificate certificate, X509Certificate issuer, DateTimeOffset validationTime, DateTimeOffset? now, OcspFreshness rules, RevocationSource source)
    {
        BasicOcspResp basic;
        try
        {
            var outer = new OcspResp(response);
            if (outer.Status != OcspRespStatus.Successful)
            {
                return new(RevocationCheckResult.Unknown($"the OCSP responder answered status {outer.Status} ({StatusName(outer.Status)})"), null);
            }

            if (outer.GetResponseObject() is not BasicOcspResp parsed)
            {
                return new(RevocationCheckResult.Unknown("the OCSP response is not a basic OCSP response"), null);
            }

            basic = parsed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new(RevocationCheckResult.Unknown($"the OCSP response is malformed: {e.Message}"), null);
        }

        return Examine(basic, certificate, issuer, validationTime, now, rules, source);
    }

    /// <inheritdoc cref="Examine(byte[], X509Certificate, X509Certificate, DateTimeOffset, DateTimeOffset?, OcspFreshness, RevocationSource)"/>
    internal static OcspExamination Examine(BasicOcspResp basic, X509Certificate certificate, X509Certificate issuer, DateTimeOffset validationTime, DateTimeOffset? now, OcspFreshness rules, RevocationSource source)
    {
        try
        {
            var producedAt = Utc(basic.ProducedAt);
            var (signer, responder, refusal) = Signer(basic, issuer, producedAt);
            if (signer is null)
            {
                return new(RevocationCheckResult.Unknown(refusal ?? "the OCSP response is signed neither by the issuer nor by a responder it delegated (RFC 6960 4.2.2.2)"), null);
            }

            if (rules.Nonce is { } sent && basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce) is { } echoed
                && !NonceMatches(echoed.GetOctets(), sent))
            {
                return new(RevocationCheckResult.Unknown("the OCSP response carries a nonce other than the one sent"), null);
            }

            var why = "the OCSP response has no answer for the certificate";
            foreach (var single in basic.Responses)
            {
                var id = single.GetCertID();
                if (!id.SerialNumber.Equals(certificate.SerialNumber) || !id.MatchesIssuer(issuer))
                {
                    continue;
                }

                var thisUpdate = Utc(single.ThisUpdate);
                DateTimeOffset? nextUpdate = single.NextUpdate is { } next ? Utc(next) : null;
                var evidence = source with { Issuer = signer, ThisUpdate = thisUpdate, NextUpdate = nextUpdate, ProducedAt = producedAt };
                if (now is { } current && thisUpdate > current + rules.ClockSkew)
                {
                    why = $"the OCSP answer's thisUpdate {thisUpdate:u} lies in the future";
                    continue;
                }

                var freshUntil = nextUpdate ?? thisUpdate + rules.MaxAgeWithoutNextUpdate;
                if (validationTime > freshUntil + rules.ClockSkew)
                {
                    why = nextUpdate is null
                        ? $"the OCSP answer of {thisUpdate:u} has no nextUpdate and is older than {rules.MaxAgeWithoutNextUpdate.TotalSeconds:0} s"
                        : $"the OCSP answer is stale (nextUpdate {nextUpdate:u} before {validationTime:u})";
                    continue;
                }

                if (responder is not null && Outlived(responder, producedAt, validationTime) is { } outlived)
                {
                    return new(RevocationCheckResult.Unknown(outlived), null);
                }

                switch (single.GetCertStatus())
                {
                    case RevokedStatus revoked:
                        var reason = revoked.HasRevocationReason ? (RevocationReason)revoked.RevocationReason : RevocationReason.Unspecified;
                        var at = Utc(revoked.RevocationTime);
                        return new(
                            at <= validationTime || reason is RevocationReason.Unspecified or RevocationReason.KeyCompromise or RevocationReason.CACompromise or RevocationReason.AACompromise
                                ? RevocationCheckResult.Revoked(at, reason).From(evidence)
                                : RevocationCheckResult.Good.From(evidence),
                            responder);
                    case null:
                        return new(RevocationCheckResult.Good.From(evidence), responder);
                    default:
                        why = "the OCSP responder does not know the certificate";
                        break;
                }
            }

            return new(RevocationCheckResult.Unknown(why), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new(RevocationCheckResult.Unknown($"the OCSP response is malformed: {e.Message}"), null);
        }
    }

    /// <summary>
    /// RFC 6960 4.2.2.2.1: a conclusive answer signed by a delegated responder stands only if the responder's own
    /// certificate carries id-pkix-ocsp-nocheck or is shown not revoked by <paramref name="responderStatus"/> (CRLs of
    /// the issuer) at the later of producedAt and the validation time.
    /// </summary>
    internal static async ValueTask<RevocationCheckResult> VouchAsync(OcspExamination examined, RevocationRequest request, IRevocationChecker? responderStatus, CancellationToken cancellationToken)
    {
        var answer = examined.Answer;
        if (answer.Status == RevocationStatus.Unknown || examined.DelegatedResponder is not { } responder || answer.Source is not { } source)
        {
            return answer;
        }

        // Checked again here because a cached examination may serve a later validation time than it was made for.
        if (source.ProducedAt is { } produced && Outlived(responder, produced, request.ValidationTime) is { } outlived)
        {
            return RevocationCheckResult.Unknown(outlived);
        }

        if (HasNoCheck(responder))
        {
            return answer.From(source with { ResponderCheck = NoCheckNote(responder) });
        }

        var name = responder.SubjectDN.ToString();
        var responderKey = CertificateKey.Of(responder);
        if (responderKey == CertificateKey.Of(request.Certificate) || request.InProgress.Contains(responderKey))
        {
            return RevocationCheckResult.NotUsable($"the OCSP answer was signed by the delegated responder '{name}', whose own status is being checked: a responder cannot vouch for itself (RFC 6960 4.2.2.2.1)");
        }

        if (responderStatus is null)
        {
            return RevocationCheckResult.NotUsable($"the OCSP answer was signed by the delegated responder '{name}', whose certificate has no id-pkix-ocsp-nocheck and whose status no CRL source here can give (RFC 6960 4.2.2.2.1)");
        }

        var at = source.ProducedAt is { } producedAt && producedAt > request.ValidationTime ? producedAt : request.ValidationTime;
        var status = await responderStatus.CheckAsync(
            new RevocationRequest
            {
                Certificate = responder,
                Issuer = request.Issuer,
                IssuerName = request.IssuerName,
                IssuerPublicKey = request.IssuerPublicKey,
                ValidationTime = at,
                TrustAnchor = request.TrustAnchor,
                Path = request.Path,
                RequireCriticalConstraints = request.RequireCriticalConstraints,
                InProgress = request.InProgress.Add(CertificateKey.Of(request.Certificate)),
            },
            cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            RevocationStatus.Good => answer.From(source with { ResponderCheck = $"the delegated responder '{name}' is not revoked: {Describe(status.Source)}" }),
            RevocationStatus.Revoked => RevocationCheckResult.NotUsable(
                $"the OCSP answer was signed by the delegated responder '{name}', which is revoked ({status.Reason} since {status.RevocationTime:u}; {Describe(status.Source)})"),
            _ => RevocationCheckResult.NotUsable($"the OCSP answer was signed by the delegated responder '{name}', whose own status is unknown: {status.Detail}"),
        };
    }

    /// <summary>Whether the responder certificate carries id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1).</summary>
    public static bool HasNoCheck(X509Certificate responder) => responder.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck) is not null;

    private static RevocationCheckResult VouchOffline(OcspExamination examined)
    {
        var answer = examined.Answer;
        if (answer.Status == RevocationStatus.Unknown || examined.DelegatedResponder is not { } responder || answer.Source is not { } source)
        {
            return answer;
        }

        return HasNoCheck(responder)
            ? answer.From(source with { ResponderCheck = NoCheckNote(responder) })
            : RevocationCheckResult.NotUsable($"the OCSP answer was signed by the delegated responder '{responder.SubjectDN}', whose certificate has no id-pkix-ocsp-nocheck and whose status no CRL source here can give (RFC 6960 4.2.2.2.1)");
    }

    private static string NoCheckNote(X509Certificate responder) =>
        $"not checked: the delegated responder's certificate carries id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1), trusted for its validity until {Utc(responder.NotAfter):u}";

    private static string Describe(RevocationSource? source) => source switch
    {
        null => "no source named",
        { Origin: RevocationOrigin.Database } => "this service's database",
        _ => string.Join(
            ", ",
            new[]
            {
                source.Origin switch { RevocationOrigin.CallerCrl => "CRL supplied by the caller", RevocationOrigin.Document => "CRL in the document", _ => "CRL" },
                source.CrlNumber is { } number ? $"number {number}" : null,
                source.Issuer is { } issuer ? $"from '{issuer}'" : null,
                source.Location is { } location ? $"at {location}" : null,
            }.OfType<string>()),
    };

    /// <summary>
    /// The signer's subject and, for a delegated responder, its certificate; or why no certificate qualifies. RFC 6960
    /// 4.2.2.2: the issuer itself, or a responder certificate issued directly by the issuer (its name and its
    /// signature), with id-kp-OCSPSigning, valid at producedAt.
    /// </summary>
    private static (string? Signer, X509Certificate? Responder, string? Refusal) Signer(BasicOcspResp basic, X509Certificate issuer, DateTimeOffset producedAt)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return (issuer.SubjectDN.ToString(), null, null);
        }

        string? refusal = null;
        foreach (var responder in basic.GetCerts())
        {
            try
            {
                if (!responder.IssuerDN.Equivalent(issuer.SubjectDN, true) || !basic.Verify(responder.GetPublicKey()))
                {
                    continue;
                }

                var name = responder.SubjectDN.ToString();
                if (!SignedBy(responder, issuer))
                {
                    refusal = $"the OCSP responder certificate '{name}' is not issued by the certificate's issuer (RFC 6960 4.2.2.2)";
                    continue;
                }

                if (responder.GetExtendedKeyUsage() is not { } ekus || !ekus.Any(e => e.Id == OcspSigningEku))
                {
                    refusal = $"the OCSP responder certificate '{name}' lacks id-kp-OCSPSigning (RFC 6960 4.2.2.2)";
                    continue;
                }

                var notBefore = Utc(responder.NotBefore);
                var notAfter = Utc(responder.NotAfter);
                if (producedAt < notBefore || producedAt > notAfter)
                {
                    refusal = $"the OCSP responder certificate '{name}' (valid {notBefore:u} to {notAfter:u}) was not valid when the response was produced ({producedAt:u})";
                    continue;
                }

                return (name, responder, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not this one.
            }
        }

        return (null, null, refusal);
    }

    private static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>RFC 8954: the extension holds an OCTET STRING with the nonce; some responders echo raw bytes.</summary>
    private static bool NonceMatches(byte[] extensionValue, byte[] sent)
    {
        if (extensionValue.AsSpan().SequenceEqual(sent))
        {
            return true;
        }

        try
        {
            return Asn1OctetString.GetInstance(extensionValue).GetOctets().AsSpan().SequenceEqual(sent)
                || Asn1OctetString.GetInstance(Asn1OctetString.GetInstance(extensionValue).GetOctets()).GetOctets().AsSpan().SequenceEqual(sent);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    private static string StatusName(int status) => status switch
    {
        OcspRespStatus.MalformedRequest => "malformedRequest",
        OcspRespStatus.InternalError => "internalError",
        OcspRespStatus.TryLater => "tryLater",
        OcspRespStatus.SigRequired => "sigRequired",
        OcspRespStatus.Unauthorized => "unauthorized",
        _ => "unknown",
    };

    /// <summary>
    /// A delegated responder is trusted only for its lifetime (RFC 6960 4.2.2.2.1): an answer cannot outlive it when
    /// the validation time is later than producedAt. Null when the responder still stands.
    /// </summary>
    private static string? Outlived(X509Certificate responder, DateTimeOffset producedAt, DateTimeOffset validationTime) =>
        validationTime > producedAt && validationTime > Utc(responder.NotAfter)
            ? $"the OCSP responder certificate '{responder.SubjectDN}' expired ({Utc(responder.NotAfter):u}) before the validation time {validationTime:u}"
            : null;

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>How fresh an OCSP answer must be, and the nonce sent with the request (null when none was).</summary>
/// <param name="ClockSkew">Allowance for clock differences with the responder.</param>
/// <param name="MaxAgeWithoutNextUpdate">Lifetime of an answer that gives no nextUpdate.</param>
/// <param name="Nonce">The nonce sent; a response carrying a different one is refused.</param>
public sealed record OcspFreshness(TimeSpan ClockSkew, TimeSpan MaxAgeWithoutNextUpdate, byte[]? Nonce = null);

/// <summary>An OCSP answer judged on everything but its delegated responder's own status, and that responder (null when the issuer signed).</summary>
/// <param name="Answer">The verdict so far.</param>
/// <param name="DelegatedResponder">The responder certificate whose status is still to be vouched for.</param>
internal sealed record OcspExamination(RevocationCheckResult Answer, X509Certificate? DelegatedResponder);
