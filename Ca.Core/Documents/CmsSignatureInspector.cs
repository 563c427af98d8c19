using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

namespace Ca.Core.Documents;

/// <summary>
/// Checks the cryptography of a CMS signature (ours or anyone's, e.g. <c>openssl cms -sign</c>):
/// message digest, signature value, ESS certificate binding and signature time-stamp, for every
/// SignerInfo and every counter-signature (RFC 5652 11.4) beneath one. It deliberately stops there;
/// whether a signer certificate is trusted is path validation's job.
/// </summary>
public sealed class CmsSignatureInspector
{
    /// <summary>Counter-signatures nest; deeper than this is refused as hostile rather than recursed into.</summary>
    private const int MaxCounterSignatureDepth = 4;

    /// <summary>Inspects the first signer of a signature whose content is embedded, or detached and given as a stream.</summary>
    /// <param name="signature">CMS SignedData as DER, BER or PEM.</param>
    /// <param name="detachedContent">The signed document for a detached signature; when given it is checked even if content is embedded.</param>
    /// <param name="cancellationToken">Cancels reading the content.</param>
    public async Task<CmsInspectionResult> InspectAsync(byte[] signature, Stream? detachedContent, CancellationToken cancellationToken)
    {
        var parsed = ParsedSignedData.TryParse(signature, out var error);
        if (parsed is null)
        {
            return CmsInspectionResult.Format(error);
        }

        return await InspectSignerAsync(parsed, parsed.Signer, detachedContent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inspects every SignerInfo, in the order they appear, each with its counter-signatures. A detached
    /// document is read once when there is one signer, and buffered once when there are several.
    /// Input that is not a SignedData gives one FormatFailure result.
    /// </summary>
    /// <param name="signature">CMS SignedData as DER, BER or PEM.</param>
    /// <param name="detachedContent">The signed document for a detached signature.</param>
    /// <param name="cancellationToken">Cancels reading the content.</param>
    public async Task<IReadOnlyList<CmsInspectionResult>> InspectAllAsync(byte[] signature, Stream? detachedContent, CancellationToken cancellationToken)
    {
        var parsed = ParsedSignedData.TryParse(signature, out var error);
        if (parsed is null)
        {
            return [CmsInspectionResult.Format(error)];
        }

        if (parsed.Signers.Count == 1 || detachedContent is null)
        {
            if (detachedContent is null)
            {
                return parsed.Signers.Select(s => Inspect(parsed, s, parsed.Content?.GetOctets() ?? default, parsed.Content is not null)).ToList();
            }

            return [await InspectSignerAsync(parsed, parsed.Signer, detachedContent, cancellationToken).ConfigureAwait(false)];
        }

        using var buffer = new MemoryStream();
        await detachedContent.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var content = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return parsed.Signers.Select(s => Inspect(parsed, s, content, hasContent: true)).ToList();
    }

    /// <summary>Inspects the first signer of a signature with its detached content already in memory.</summary>
    /// <param name="signature">CMS SignedData as DER, BER or PEM.</param>
    /// <param name="detachedContent">The signed document.</param>
    public CmsInspectionResult Inspect(byte[] signature, ReadOnlyMemory<byte> detachedContent)
    {
        var parsed = ParsedSignedData.TryParse(signature, out var error);
        return parsed is null ? CmsInspectionResult.Format(error) : Inspect(parsed, parsed.Signer, detachedContent, hasContent: true);
    }

    /// <summary>Inspects every signer of a signature with its detached content in memory (a PDF's byte ranges).</summary>
    /// <param name="signature">CMS SignedData as DER or BER.</param>
    /// <param name="detachedContent">The signed bytes.</param>
    public IReadOnlyList<CmsInspectionResult> InspectAll(byte[] signature, ReadOnlyMemory<byte> detachedContent)
    {
        var parsed = ParsedSignedData.TryParse(signature, out var error);
        return parsed is null ? [CmsInspectionResult.Format(error)] : parsed.Signers.Select(s => Inspect(parsed, s, detachedContent, hasContent: true)).ToList();
    }

    private static async Task<CmsInspectionResult> InspectSignerAsync(ParsedSignedData parsed, SignerInfo signer, Stream? detachedContent, CancellationToken cancellationToken)
    {
        if (detachedContent is null)
        {
            return Inspect(parsed, signer, parsed.Content?.GetOctets() ?? default, parsed.Content is not null);
        }

        // Hash the stream once; when there are no signed attributes the signature covers the content itself.
        var pass = Prepare(parsed, signer);
        if (pass.Failure is not null)
        {
            return pass.Failure;
        }

        // Read errors of the caller's stream propagate: they are not a verdict on the signature.
        var verifier = signer.SignedAttrs is null ? pass.Verifier : null;
        var digest = await CmsDigests.HashAsync(detachedContent, pass.Hash, verifier?.Stream, cancellationToken).ConfigureAwait(false);
        return Guard(parsed, () => WithCounterSignatures(parsed, signer, Finish(parsed, signer, pass, digest, isDetached: parsed.Content is null, counterSignature: false), 1));
    }

    private static CmsInspectionResult Inspect(ParsedSignedData parsed, SignerInfo signer, ReadOnlyMemory<byte> content, bool hasContent)
    {
        if (!hasContent)
        {
            return CmsInspectionResult.Format("The signature is detached and no content was supplied.");
        }

        return InspectOver(parsed, signer, content, counterSignature: false, depth: 1);
    }

    /// <summary>Checks one SignerInfo over bytes in memory: the document, or for a counter-signature its parent's signature value.</summary>
    private static CmsInspectionResult InspectOver(ParsedSignedData parsed, SignerInfo signer, ReadOnlyMemory<byte> content, bool counterSignature, int depth)
    {
        var pass = Prepare(parsed, signer);
        if (pass.Failure is not null)
        {
            return pass.Failure;
        }

        return Guard(parsed, () =>
        {
            if (signer.SignedAttrs is null)
            {
                pass.Verifier.Stream.Write(content.Span);
            }

            var result = Finish(parsed, signer, pass, CmsDigests.Hash(content.Span, pass.Hash), isDetached: parsed.Content is null, counterSignature);
            return WithCounterSignatures(parsed, signer, result, depth);
        });
    }

    /// <summary>Counter-signatures (id-countersignature) sign the parent's signature value; each is checked like a signer.</summary>
    private static CmsInspectionResult WithCounterSignatures(ParsedSignedData parsed, SignerInfo signer, CmsInspectionResult result, int depth)
    {
        if (signer.UnsignedAttrs is null)
        {
            return result;
        }

        var counterSignatures = new List<CmsInspectionResult>();
        foreach (var attribute in new AttributeTable(signer.UnsignedAttrs).GetAll(CmsAttributes.CounterSignature))
        {
            foreach (var value in Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(attribute).AttrValues)
            {
                if (depth >= MaxCounterSignatureDepth || counterSignatures.Count >= ParsedSignedData.MaxSigners)
                {
                    counterSignatures.Add(CmsInspectionResult.Format("Counter-signatures nested or repeated beyond the limit were not examined."));
                    return result with { CounterSignatures = counterSignatures };
                }

                counterSignatures.Add(InspectOver(parsed, SignerInfo.GetInstance(value), signer.Signature.GetOctets(), counterSignature: true, depth + 1));
            }
        }

        return counterSignatures.Count == 0 ? result : result with { CounterSignatures = counterSignatures };
    }

    /// <summary>Malformed input must end in a verdict: anything BouncyCastle throws on odd ASN.1 becomes FormatFailure.</summary>
    private static CmsInspectionResult Guard(ParsedSignedData parsed, Func<CmsInspectionResult> inspect)
    {
        try
        {
            return inspect();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new CmsInspectionResult(CmsVerdict.FormatFailure, $"Malformed signature: {e.Message}", null, parsed.Certificates, null, null, null, parsed.Content is null);
        }
    }

    private sealed record Pass(X509Certificate? Certificate, HashAlgorithmName Hash, IStreamCalculator<IVerifier> Verifier, CmsInspectionResult? Failure);

    private static Pass Prepare(ParsedSignedData parsed, SignerInfo signer)
    {
        X509Certificate? certificate;
        try
        {
            certificate = parsed.FindSignerCertificate(signer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(CmsInspectionResult.Format($"Malformed signer identifier: {e.Message}"));
        }

        if (certificate is null)
        {
            return Failed(new CmsInspectionResult(CmsVerdict.FormatFailure, "The signer's certificate is not embedded in the signature.", null, parsed.Certificates, null, null, null, parsed.Content is null));
        }

        if (CmsDigests.FromOid(signer.DigestAlgorithm.Algorithm) is not { } hash)
        {
            return Failed(Result(parsed, certificate, CmsVerdict.FormatFailure, $"Unsupported digest algorithm {signer.DigestAlgorithm.Algorithm.Id}."));
        }

        try
        {
            return new Pass(certificate, hash, SignatureAlgorithms.CreateVerifier(certificate, signer.SignatureAlgorithm, signer.DigestAlgorithm), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(Result(parsed, certificate, CmsVerdict.FormatFailure, $"Unsupported signature algorithm {signer.SignatureAlgorithm.Algorithm.Id}."));
        }

        static Pass Failed(CmsInspectionResult result) => new(null, default, null!, result);
    }

    private static CmsInspectionResult Finish(ParsedSignedData parsed, SignerInfo signer, Pass pass, byte[] digest, bool isDetached, bool counterSignature)
    {
        var certificate = pass.Certificate!;
        var signatureValue = signer.Signature.GetOctets();
        DateTimeOffset? signingTime = null;
        try
        {
            AttributeTable? signed = signer.SignedAttrs is null ? null : new AttributeTable(signer.SignedAttrs);
            if (signed is not null)
            {
                // RFC 5652 11.4: a counter-signature has no content-type attribute; a signer's must name the content.
                var contentType = signed[CmsAttributes.ContentType];
                if (counterSignature
                        ? contentType is not null
                        : contentType is null || !DerObjectIdentifier.GetInstance(contentType.AttrValues[0]).Equals(parsed.ContentType))
                {
                    return Result(parsed, certificate, CmsVerdict.FormatFailure, counterSignature
                        ? "The counter-signature carries a content-type attribute, which RFC 5652 forbids."
                        : "The content-type attribute is missing or does not match the content.", isDetached: isDetached);
                }

                if (signed[CmsAttributes.MessageDigest] is not { } messageDigest)
                {
                    return Result(parsed, certificate, CmsVerdict.FormatFailure, "The message-digest attribute is missing.", isDetached: isDetached);
                }

                if (!CryptographicOperations.FixedTimeEquals(Asn1OctetString.GetInstance(messageDigest.AttrValues[0]).GetOctets(), digest))
                {
                    return Result(parsed, certificate, CmsVerdict.HashFailure, counterSignature
                        ? "The counter-signature does not cover its parent's signature value."
                        : "The content does not match the signed message digest: the document was changed.", isDetached: isDetached);
                }

                if (signed[CmsAttributes.SigningTime] is { } time)
                {
                    signingTime = new DateTimeOffset(DateTime.SpecifyKind(Time.GetInstance(time.AttrValues[0]).ToDateTime(), DateTimeKind.Utc));
                }

                // The signature covers the DER SET OF the signed attributes (RFC 5652 5.4).
                signer.SignedAttrs!.EncodeTo(pass.Verifier.Stream, Asn1Encodable.Der);
            }

            pass.Verifier.Stream.Dispose();
            if (!pass.Verifier.GetResult().IsVerified(signatureValue))
            {
                return Result(parsed, certificate, CmsVerdict.SignatureFailure, "The signature value does not verify under the signer certificate's key.", signingTime, isDetached: isDetached);
            }

            if (signed is not null && SigningCertificateBinding.Check(signed, certificate) is { } mismatch)
            {
                return Result(parsed, certificate, CmsVerdict.SigningCertificateMismatch, mismatch, signingTime, isDetached: isDetached);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Result(parsed, certificate, CmsVerdict.FormatFailure, $"Malformed signer information: {e.Message}", signingTime, isDetached: isDetached);
        }

        var unsigned = signer.UnsignedAttrs is null ? null : new AttributeTable(signer.UnsignedAttrs);
        var timeStamp = SignatureTimeStampVerifier.Verify(unsigned, signatureValue, parsed.Certificates);
        if (timeStamp?.Error is { } timeStampError)
        {
            return Result(parsed, certificate, CmsVerdict.TimestampInvalid, timeStampError, signingTime, isDetached: isDetached) with { TimeStampProblem = timeStamp.Problem };
        }

        var message = timeStamp is null ? "Signature verified." : "Signature and signature time-stamp verified.";
        return new CmsInspectionResult(CmsVerdict.Ok, message, certificate, parsed.Certificates, signingTime, timeStamp?.GenTime, timeStamp?.TsaCertificate, isDetached)
        {
            SignatureValue = signatureValue,
        };
    }

    private static CmsInspectionResult Result(ParsedSignedData parsed, X509Certificate certificate, CmsVerdict verdict, string message, DateTimeOffset? signingTime = null, bool? isDetached = null) =>
        new(verdict, message, certificate, parsed.Certificates, signingTime, null, null, isDetached ?? parsed.Content is null);
}
