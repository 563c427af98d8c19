using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Judges one OCSP response for one certificate, wherever it came from (a responder, the caller, a document):
/// the answer must name the certificate (CertID against the issuer), be signed by the issuer or by a responder
/// the issuer delegated (RFC 6960 4.2.2.2: issued directly by the issuer, id-kp-OCSPSigning, valid when the
/// response was produced), carry the nonce we sent when it carries one at all (a nonce is optional, pre-signed
/// answers have none), and be fresh: thisUpdate not in the future and the validation time no later than
/// nextUpdate (or, without nextUpdate, than thisUpdate plus a maximum age), each with a clock-skew allowance.
/// </summary>
public static class OcspResponseVerifier
{
    private const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";

    /// <summary>The verdict for <paramref name="certificate"/>, or Unknown with the reason.</summary>
    /// <param name="response">The DER OCSPResponse.</param>
    /// <param name="certificate">The certificate asked about.</param>
    /// <param name="issuer">Its issuer (the CA that signs or delegates the responses).</param>
    /// <param name="validationTime">The instant the status must hold for.</param>
    /// <param name="now">The current time (thisUpdate may not lie beyond it); null when unknown (evidence in documents).</param>
    /// <param name="rules">Skew, maximum age, and the nonce sent, if any.</param>
    /// <param name="source">How the report names the response (origin, URL); times are filled in here.</param>
    public static RevocationCheckResult Judge(byte[] response, Org.BouncyCastle.X509.X509Certificate certificate, Org.BouncyCastle.X509.X509Certificate issuer, DateTimeOffset validationTime, DateTimeOffset? now, OcspFreshness rules, RevocationSource source)
    {
        BasicOcspResp basic;
        try
        {
            var outer = new OcspResp(response);
            if (outer.Status != OcspRespStatus.Successful)
            {
                return RevocationCheckResult.Unknown($"the OCSP responder answered status {outer.Status} ({StatusName(outer.Status)})");
            }

            if (outer.GetResponseObject() is not BasicOcspResp parsed)
            {
                return RevocationCheckResult.Unknown("the OCSP response is not a basic OCSP response");
            }

            basic = parsed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return RevocationCheckResult.Unknown($"the OCSP response is malformed: {e.Message}");
        }

        return Judge(basic, certificate, issuer, validationTime, now, rules, source);
    }

    /// <summary>The verdict from a parsed basic response.</summary>
    public static RevocationCheckResult Judge(BasicOcspResp basic, Org.BouncyCastle.X509.X509Certificate certificate, Org.BouncyCastle.X509.X509Certificate issuer, DateTimeOffset validationTime, DateTimeOffset? now, OcspFreshness rules, RevocationSource source)
    {
        try
        {
            var producedAt = Utc(basic.ProducedAt);
            if (Signer(basic, issuer, producedAt) is not { } signer)
            {
                return RevocationCheckResult.Unknown("the OCSP response is signed neither by the issuer nor by a responder it delegated (RFC 6960 4.2.2.2)");
            }

            if (rules.Nonce is { } sent && basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce) is { } echoed
                && !NonceMatches(echoed.GetOctets(), sent))
            {
                return RevocationCheckResult.Unknown("the OCSP response carries a nonce other than the one sent");
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

                switch (single.GetCertStatus())
                {
                    case RevokedStatus revoked:
                        var reason = revoked.HasRevocationReason ? (RevocationReason)revoked.RevocationReason : RevocationReason.Unspecified;
                        var at = Utc(revoked.RevocationTime);
                        return at <= validationTime || reason is RevocationReason.Unspecified or RevocationReason.KeyCompromise or RevocationReason.CACompromise or RevocationReason.AACompromise
                            ? RevocationCheckResult.Revoked(at, reason).From(evidence)
                            : RevocationCheckResult.Good.From(evidence);
                    case null:
                        return RevocationCheckResult.Good.From(evidence);
                    default:
                        why = "the OCSP responder does not know the certificate";
                        break;
                }
            }

            return RevocationCheckResult.Unknown(why);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return RevocationCheckResult.Unknown($"the OCSP response is malformed: {e.Message}");
        }
    }

    /// <summary>The signer's subject when the response is signed by the issuer or a delegated responder.</summary>
    private static string? Signer(BasicOcspResp basic, Org.BouncyCastle.X509.X509Certificate issuer, DateTimeOffset producedAt)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return issuer.SubjectDN.ToString();
        }

        foreach (var responder in basic.GetCerts())
        {
            try
            {
                if (!responder.IssuerDN.Equivalent(issuer.SubjectDN, true))
                {
                    continue;
                }

                responder.Verify(issuer.GetPublicKey());
                var ekus = responder.GetExtendedKeyUsage();
                var validThen = producedAt.UtcDateTime >= responder.NotBefore.ToUniversalTime() && producedAt.UtcDateTime <= responder.NotAfter.ToUniversalTime();
                if (validThen && ekus is not null && ekus.Any(e => e.Id == OcspSigningEku) && basic.Verify(responder.GetPublicKey()))
                {
                    return responder.SubjectDN.ToString();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not this one.
            }
        }

        return null;
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

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>How fresh an OCSP answer must be, and the nonce sent with the request (null when none was).</summary>
/// <param name="ClockSkew">Allowance for clock differences with the responder.</param>
/// <param name="MaxAgeWithoutNextUpdate">Lifetime of an answer that gives no nextUpdate.</param>
/// <param name="Nonce">The nonce sent; a response carrying a different one is refused.</param>
public sealed record OcspFreshness(TimeSpan ClockSkew, TimeSpan MaxAgeWithoutNextUpdate, byte[]? Nonce = null);
