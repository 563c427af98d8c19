using Ca.Core.Common;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using BcCertificateStatus = Org.BouncyCastle.Ocsp.CertificateStatus;

namespace Ca.Core.Ocsp;

/// <summary>
/// The OCSP responder (RFC 6960, RFC 5019 profile): turns request DER into response DER and never throws
/// for anything a client can send, because an OCSP client can only act on a response status. Responses
/// are signed by the issuing CA's delegated responder; nonce-less single requests are served from
/// <see cref="OcspResponseCache"/>.
/// </summary>
public sealed class OcspResponder
{
    private readonly IOcspSigningKeys signingKeys;
    private readonly ICertificateStatusSource statuses;
    private readonly OcspResponseCache cache;
    private readonly OcspOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<OcspResponder> logger;

    /// <summary>Creates the responder.</summary>
    public OcspResponder(
        IOcspSigningKeys signingKeys,
        ICertificateStatusSource statuses,
        OcspResponseCache cache,
        IOptions<OcspOptions> options,
        TimeProvider clock,
        ILogger<OcspResponder> logger)
    {
        this.signingKeys = signingKeys;
        this.statuses = statuses;
        this.cache = cache;
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>
    /// Answers one request. Bad input gives malformedRequest, CertIDs for CAs (or hash algorithms) we do
    /// not serve give unauthorized, a failing status source gives internalError; only cancellation throws.
    /// </summary>
    public async Task<byte[]> RespondAsync(byte[] requestDer, CancellationToken cancellationToken)
    {
        var request = OcspRequestReader.TryRead(requestDer, options.MaxCertificatesPerRequest);
        if (request is null)
        {
            logger.LogDebug("OCSP request of {Length} bytes is malformed", requestDer.Length);
            return OcspResponses.Malformed;
        }

        try
        {
            var signer = await ResolveSignerAsync(request, cancellationToken).ConfigureAwait(false);
            if (signer is null)
            {
                return OcspResponses.Unauthorized;
            }

            var cacheable = request.Nonce is null && request.CertIds.Count == 1;
            var single = request.CertIds[0];
            byte[]? singleCertIdDer = null;
            if (cacheable && TrySerial(single, out var cachedSerial))
            {
                singleCertIdDer = single.GetEncoded(Asn1Encodable.Der);
                if (cache.TryGet(signer.CaId, cachedSerial, singleCertIdDer, signer.ResponderSerial, out var cached))
                {
                    PkiMetrics.OcspAnswered(fromCache: true);
                    return cached;
                }
            }

            var observedVersion = cache.Version;
            var now = clock.GetUtcNow();
            var nextUpdate = now + options.ResponseValidity;
            var generator = new BasicOcspRespGenerator(new RespID(signer.ResponderId));
            var allKnown = true;
            foreach (var certId in request.CertIds)
            {
                var status = TrySerial(certId, out var serial)
                    ? await statuses.GetStatusAsync(signer.CaId, serial, cancellationToken).ConfigureAwait(false)
                    : CertificateStatusInfo.Unknown;
                allKnown &= status.Kind != CertificateStatusKind.Unknown;
                generator.AddResponse(new CertificateID(certId), ToBouncyCastle(status), now.UtcDateTime, nextUpdate.UtcDateTime, null);
            }

            if (request.Nonce is not null)
            {
                generator.SetResponseExtensions(new X509Extensions([OcspObjectIdentifiers.PkixOcspNonce], [request.Nonce]));
            }

            var basic = generator.Generate(signer.ResponderKey.SignatureFactory, [signer.ResponderCertificate], now.UtcDateTime);
            var response = OcspResponses.Successful(basic);
            // Serials we never issued are answered but not cached: anyone can name millions of them, and
            // they would only push out the answers relying parties actually ask for again.
            if (singleCertIdDer is not null && allKnown && TrySerial(single, out var storedSerial))
            {
                cache.Store(signer.CaId, storedSerial, singleCertIdDer, signer.ResponderSerial, response, nextUpdate - options.CacheRefreshMargin, observedVersion);
            }

            PkiMetrics.OcspAnswered(fromCache: false);
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException && Keys.KeyUnavailableException.FindIn(e) is { } unavailable)
        {
            logger.LogWarning("OCSP responder key unavailable ({Reason}); answering tryLater", unavailable.Message);
            return OcspResponses.TryLater;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "OCSP responder failed; answering internalError");
            return OcspResponses.InternalError;
        }
    }

    /// <summary>
    /// The one signer whose CA issued every requested certificate. A response has a single signer, so
    /// requests spanning CAs, naming a CA we do not serve, or using an unsupported hash get null (unauthorized).
    /// </summary>
    private async ValueTask<OcspSigner?> ResolveSignerAsync(ParsedOcspRequest request, CancellationToken cancellationToken)
    {
        var signers = await signingKeys.GetSignersAsync(cancellationToken).ConfigureAwait(false);
        OcspSigner? chosen = null;
        foreach (var certId in request.CertIds)
        {
            var algorithm = certId.HashAlgorithm.Algorithm;
            if (!OcspHashAlgorithms.All.Any(a => a.Oid.Equals(algorithm)))
            {
                logger.LogWarning("OCSP request uses unsupported CertID hash algorithm {Oid}; answering unauthorized", algorithm.Id);
                return null;
            }

            var match = signers.FirstOrDefault(s => s.Matches(certId));
            if (match is null)
            {
                logger.LogInformation("OCSP request names an issuer we do not serve; answering unauthorized");
                return null;
            }

            if (chosen is not null && !ReferenceEquals(chosen, match))
            {
                logger.LogInformation("OCSP request spans CAs {First} and {Second}; answering unauthorized", chosen.CaId, match.CaId);
                return null;
            }

            chosen = match;
        }

        return chosen;
    }

    /// <summary>Serials that cannot be ours (zero, negative) are answered unknown rather than rejected.</summary>
    private static bool TrySerial(CertID certId, out SerialNumber serial)
    {
        var value = certId.SerialNumber.Value;
        if (value.SignValue <= 0)
        {
            serial = default;
            return false;
        }

        serial = SerialNumber.From(value);
        return true;
    }

    private static BcCertificateStatus? ToBouncyCastle(CertificateStatusInfo status) => status.Kind switch
    {
        // BouncyCastle encodes "good" as a null status.
        CertificateStatusKind.Good => BcCertificateStatus.Good,
        CertificateStatusKind.Revoked when status.Reason is null or RevocationReason.Unspecified =>
            new RevokedStatus(RevocationTime(status)),
        CertificateStatusKind.Revoked => new RevokedStatus(RevocationTime(status), (int)status.Reason!.Value),
        _ => new UnknownStatus(),
    };

    private static DateTime RevocationTime(CertificateStatusInfo status) =>
        (status.RevokedAt ?? throw new InvalidOperationException("A revoked status needs its revocation time.")).UtcDateTime;
}
