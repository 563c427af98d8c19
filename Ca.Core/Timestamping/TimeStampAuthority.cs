using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Microsoft.Extensions.Options;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

namespace Ca.Core.Timestamping;

/// <summary>
/// An RFC 3161 time-stamp authority: turns a TimeStampReq into a TimeStampResp. Every outcome is a
/// response (clients read failInfo, not HTTP errors), so bad input never throws.
/// </summary>
public sealed class TimeStampAuthority
{
    private readonly ITsaSigner signer;
    private readonly TimeProvider clock;
    private readonly TsaOptions options;
    private readonly DerObjectIdentifier policy;
    private readonly List<string> acceptedPolicies;

    /// <summary>Creates the TSA; the policy OID is checked here so a typo fails at start-up.</summary>
    public TimeStampAuthority(ITsaSigner signer, TimeProvider clock, IOptions<TsaOptions> options)
    {
        this.signer = signer;
        this.clock = clock;
        this.options = options.Value;
        if (!DerObjectIdentifier.TryFromID(this.options.PolicyOid, out var parsed))
        {
            throw new InvalidOperationException($"Tsa:PolicyOid '{this.options.PolicyOid}' is not a dotted OID.");
        }

        policy = parsed;
        acceptedPolicies = [policy.Id, .. this.options.AdditionalAcceptedPolicyOids];
    }

    /// <summary>Answers one DER TimeStampReq with a DER TimeStampResp (granted or rejection).</summary>
    public async Task<byte[]> RespondAsync(byte[] queryDer, CancellationToken cancellationToken) =>
        (await ReplyAsync(queryDer, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary>
    /// Answers one DER TimeStampReq, and says whether the TSA is out of service (no usable key, e.g. its
    /// certificate was revoked and no successor could be made yet), which HTTP reports as 503.
    /// </summary>
    public async Task<TimeStampReply> ReplyAsync(byte[] queryDer, CancellationToken cancellationToken)
    {
        if (Decode(queryDer) is not ({ } request, var versionOne))
        {
            return new(TimeStampRejections.Reject(PkiFailureInfo.BadDataFormat, "The request is not a DER TimeStampReq."));
        }

        if (!versionOne)
        {
            return new(TimeStampRejections.Reject(PkiFailureInfo.BadRequest, "Only TimeStampReq version 1 is supported."));
        }

        TsaSigningMaterial material;
        try
        {
            material = await signer.GetSigningMaterialAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new(TimeStampRejections.SystemFailure("The time-stamping key is not available."), Unavailable: true);
        }

        var genTime = clock.GetUtcNow().UtcDateTime;
        try
        {
            // Both generators keep per-call state, so they are built per request.
            var responseGenerator = new TimeStampResponseGenerator(
                CreateTokenGenerator(material, genTime),
                TimeStampAlgorithms.AcceptedImprintHashes.ToList(),
                acceptedPolicies,
                new List<string>());
            return new(responseGenerator.Generate(request, SerialNumber.NewRandom().Value, genTime).GetEncoded());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A key on a token that does not answer is an outage (503, retry later), not a final refusal.
            return new(TimeStampRejections.SystemFailure("The time-stamp token could not be produced."), Unavailable: Keys.KeyUnavailableException.FindIn(e) is not null);
        }
    }

    /// <summary>
    /// The query, with every field the response generator reads decoded once here: BouncyCastle decodes lazily, so
    /// a query whose version does not fit an int, or whose nonce, policy or extensions are damaged, would otherwise
    /// throw while the token is made and be answered as the TSA's failure (systemFailure) instead of the client's.
    /// </summary>
    private static (TimeStampRequest Request, bool VersionOne)? Decode(byte[] queryDer)
    {
        try
        {
            var request = new TimeStampRequest(queryDer);
            var versionOne = TimeStampReq.GetInstance(Asn1Object.FromByteArray(queryDer)).Version.HasValue(1);
            _ = request.MessageImprintAlgOid;
            _ = request.GetMessageImprintDigest();
            _ = request.ReqPolicy;
            _ = request.Nonce;
            _ = request.CertReq;
            _ = request.HasExtensions ? request.GetExtensionOids() : null;
            return (request, versionOne);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private TimeStampTokenGenerator CreateTokenGenerator(TsaSigningMaterial material, DateTime genTime)
    {
        // signingTime is set explicitly: BouncyCastle would otherwise read the system clock.
        var signedAttributes = new AttributeTable(new Asn1EncodableVector(
            new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(genTime)))));
        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes))
            .Build(material.Key.SignatureFactory, material.Certificate);

        // Adds ESS signing-certificate-v2 (SHA-256 of the TSA certificate, with issuerSerial), RFC 5816.
        var generator = new TimeStampTokenGenerator(signerInfo, Asn1DigestFactory.Get(NistObjectIdentifiers.IdSha256), policy, isIssuerSerialIncluded: true);
        generator.SetCertificates(CollectionUtilities.CreateStore(new List<X509Certificate>([material.Certificate, .. material.Chain])));
        if (options.AccuracySeconds > 0)
        {
            generator.SetAccuracySeconds(options.AccuracySeconds);
        }

        if (options.IncludeTsaName)
        {
            generator.SetTsa(new GeneralName(material.Certificate.SubjectDN));
        }

        return generator;
    }
}
