using System.Security.Cryptography;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// Signs documents as CAdES baseline signatures (ETSI EN 319 122-1): B-B always, B-T when a signature
/// time-stamp is asked for. The output is plain CMS SignedData, so any CMS verifier (OpenSSL, Adobe,
/// BouncyCastle) accepts it; the CAdES attributes only add proof of which certificate and when.
/// </summary>
public sealed class CadesSigner
{
    private readonly TimeProvider clock;
    private readonly ITimeStampClient? timeStampClient;

    /// <summary>Creates the signer; without a time-stamp client only B-B signatures can be made.</summary>
    public CadesSigner(TimeProvider clock, ITimeStampClient? timeStampClient = null)
    {
        this.clock = clock;
        this.timeStampClient = timeStampClient;
    }

    /// <summary>Signs a document already in memory.</summary>
    /// <param name="content">The document bytes, signed exactly as given.</param>
    /// <param name="signer">Key, certificate and chain.</param>
    /// <param name="detached">True to leave the document out of the signature (a .p7s beside the file).</param>
    /// <param name="timestamp">True to add an RFC 3161 signature time-stamp (B-T).</param>
    /// <param name="cancellationToken">Cancels the time-stamp request.</param>
    /// <returns>DER ContentInfo(SignedData).</returns>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> content, DocumentSigningMaterial signer, bool detached, bool timestamp, CancellationToken cancellationToken)
    {
        var (digestAlgorithm, hash) = Prepare(signer, timestamp);
        var digest = CmsDigests.Hash(content.Span, hash);
        var signerInfo = await BuildSignerInfoAsync(digest, digestAlgorithm, signer, timestamp, cancellationToken).ConfigureAwait(false);
        return await SignedDataWriter.WriteAsync(
            digestAlgorithm, Certificates(signer), signerInfo, content.Length,
            detached ? null : (destination, _) => { content.CopyTo(destination); return ValueTask.CompletedTask; },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Signs a document read from a stream (from its current position to its end). Detached signing
    /// hashes the stream without buffering it; attached signing reads a seekable stream twice (hash,
    /// then straight into the output) and buffers a non-seekable one once.
    /// </summary>
    /// <param name="content">The document.</param>
    /// <param name="signer">Key, certificate and chain.</param>
    /// <param name="detached">True to leave the document out of the signature.</param>
    /// <param name="timestamp">True to add an RFC 3161 signature time-stamp (B-T).</param>
    /// <param name="cancellationToken">Cancels reading and the time-stamp request.</param>
    /// <returns>DER ContentInfo(SignedData).</returns>
    public async Task<byte[]> SignAsync(Stream content, DocumentSigningMaterial signer, bool detached, bool timestamp, CancellationToken cancellationToken)
    {
        if (!detached && !content.CanSeek)
        {
            var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return await SignAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), signer, detached, timestamp, cancellationToken).ConfigureAwait(false);
        }

        var (digestAlgorithm, hash) = Prepare(signer, timestamp);
        var start = content.CanSeek ? content.Position : 0;
        var digest = await CmsDigests.HashAsync(content, hash, alsoWriteTo: null, cancellationToken).ConfigureAwait(false);
        var signerInfo = await BuildSignerInfoAsync(digest, digestAlgorithm, signer, timestamp, cancellationToken).ConfigureAwait(false);
        if (detached)
        {
            return await SignedDataWriter.WriteAsync(digestAlgorithm, Certificates(signer), signerInfo, 0, null, cancellationToken).ConfigureAwait(false);
        }

        var length = content.Position - start;
        content.Position = start;
        return await SignedDataWriter.WriteAsync(
            digestAlgorithm, Certificates(signer), signerInfo, length,
            async (destination, ct) =>
            {
                await content.ReadExactlyAsync(destination, ct).ConfigureAwait(false);
                var again = CmsDigests.Hash(destination.Span, hash);
                if (!CryptographicOperations.FixedTimeEquals(again, digest))
                {
                    throw new IOException("The document changed while it was being signed.");
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a parallel signature (one more SignerInfo) to an existing SignedData: a second officer signs the
    /// same content, and the first signature stays untouched and valid. The content is the embedded one, or
    /// <paramref name="detachedContent"/> for a detached signature.
    /// </summary>
    /// <param name="existing">The SignedData (DER, BER or PEM) to add to.</param>
    /// <param name="detachedContent">The document, for a detached signature; ignored when the content is embedded.</param>
    /// <param name="signer">Key, certificate and chain of the new signer.</param>
    /// <param name="timestamp">True to add a signature time-stamp to the new SignerInfo.</param>
    /// <param name="cancellationToken">Cancels the time-stamp request.</param>
    /// <returns>DER ContentInfo(SignedData) with all signers.</returns>
    public async Task<byte[]> AddSignerAsync(byte[] existing, ReadOnlyMemory<byte>? detachedContent, DocumentSigningMaterial signer, bool timestamp, CancellationToken cancellationToken)
    {
        var parsed = ParsedSignedData.TryParse(existing, out var error)
            ?? throw CaException.BadRequest("invalid-signature", $"The signature to add to is not a CMS SignedData: {error}", "signature");
        var content = parsed.Content?.GetOctets() ?? detachedContent
            ?? throw CaException.BadRequest("missing-document", "The signature is detached; send the signed document with it.", "document");
        if (parsed.Content is not null && detachedContent is { } given && !given.Span.SequenceEqual(content.Span))
        {
            throw CaException.Unprocessable("document-mismatch", "The document sent is not the one embedded in the signature.", "document");
        }
        if (!CmsObjectIdentifiers.Data.Equals(parsed.ContentType))
        {
            throw CaException.Unprocessable("unsupported-content-type", "Only signatures over plain data (id-data) can be co-signed.", "signature");
        }

        var (digestAlgorithm, hash) = Prepare(signer, timestamp);
        var digest = CmsDigests.Hash(content.Span, hash);
        var signerInfo = await BuildSignerInfoAsync(digest, digestAlgorithm, signer, timestamp, cancellationToken).ConfigureAwait(false);

        var original = SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(ParsedSignedData.Unarmor(existing))).Content);
        var digestAlgorithms = original.DigestAlgorithms.Cast<Asn1Encodable>().Select(AlgorithmIdentifier.GetInstance).ToList();
        if (!digestAlgorithms.Any(a => a.Algorithm.Equals(digestAlgorithm.Algorithm)))
        {
            digestAlgorithms.Add(digestAlgorithm);
        }

        var certificates = (original.Certificates?.Cast<Asn1Encodable>() ?? []).ToList();
        foreach (var certificate in Certificates(signer))
        {
            if (!parsed.Certificates.Any(c => c.Equals(certificate)))
            {
                certificates.Add(certificate.CertificateStructure);
            }
        }

        var signerInfos = original.SignerInfos.Cast<Asn1Encodable>().Append(signerInfo).ToArray();
        var signedData = new SignedData(
            new DerSet(digestAlgorithms.Cast<Asn1Encodable>().ToArray()),
            original.EncapContentInfo,
            new DerSet(certificates.ToArray()),
            original.CRLs,
            new DerSet(signerInfos));
        return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    private (AlgorithmIdentifier DigestAlgorithm, HashAlgorithmName Hash) Prepare(DocumentSigningMaterial signer, bool timestamp)
    {
        if (timestamp && timeStampClient is null)
        {
            throw new InvalidOperationException("A signature time-stamp was requested but no time-stamp client is configured.");
        }

        if (!signer.Certificate.CertificateStructure.SubjectPublicKeyInfo.Equals(signer.Key.PublicKeyInfo))
        {
            throw CaException.Unprocessable("signer-key-mismatch", "The signing key does not belong to the signer certificate.");
        }

        return CmsDigests.ForKey(signer.Key.Algorithm);
    }

    /// <summary>The digest the signer's key signs with: what a caller hashing content itself (PAdES byte ranges) must use.</summary>
    public static HashAlgorithmName DigestFor(DocumentSigningMaterial signer) => CmsDigests.ForKey(signer.Key.Algorithm).Hash;

    /// <summary>
    /// A detached CAdES signature over content the caller hashed with <see cref="DigestFor"/> (a PDF's byte
    /// ranges). PAdES (ETSI EN 319 142-1 5.3) puts the claimed time in the signature dictionary, so
    /// <paramref name="signingTimeAttribute"/> is false there.
    /// </summary>
    public async Task<byte[]> SignDigestAsync(byte[] digest, DocumentSigningMaterial signer, bool timestamp, bool signingTimeAttribute, CancellationToken cancellationToken)
    {
        var (digestAlgorithm, _) = Prepare(signer, timestamp);
        var signerInfo = await BuildSignerInfoAsync(digest, digestAlgorithm, signer, timestamp, cancellationToken, signingTimeAttribute).ConfigureAwait(false);
        return await SignedDataWriter.WriteAsync(digestAlgorithm, Certificates(signer), signerInfo, 0, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignerInfo> BuildSignerInfoAsync(byte[] digest, AlgorithmIdentifier digestAlgorithm, DocumentSigningMaterial signer, bool timestamp, CancellationToken cancellationToken, bool signingTimeAttribute = true)
    {
        // UTCTime/GeneralizedTime in CMS carry whole seconds; trimming here keeps the claimed time exact.
        var now = clock.GetUtcNow();
        DateTime? signingTime = signingTimeAttribute ? now.ToWholeSeconds().UtcDateTime : null;
        var signedAttributes = CadesAttributes.Signed(digest, signingTime, signer.Certificate);

        var signature = SignatureValues.Sign(signer, signedAttributes.GetEncoded(Asn1Encodable.Der));

        Asn1Set? unsignedAttributes = null;
        if (timestamp)
        {
            // ETSI EN 319 122-1 5.3: the time-stamp covers the signature value (the OCTET STRING's contents).
            var token = await timeStampClient!.GetTimeStampTokenAsync(SHA256.HashData(signature), cancellationToken).ConfigureAwait(false);
            unsignedAttributes = CadesAttributes.SignatureTimeStamp(token);
        }

        return new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(signer.Certificate.CertificateStructure)),
            digestAlgorithm,
            signedAttributes,
            (AlgorithmIdentifier)signer.Key.SignatureFactory.AlgorithmDetails,
            new DerOctetString(signature),
            unsignedAttributes);
    }

    private static List<X509Certificate> Certificates(DocumentSigningMaterial signer)
    {
        var all = new List<X509Certificate> { signer.Certificate };
        foreach (var certificate in signer.Chain)
        {
            if (!all.Any(c => c.Equals(certificate)))
            {
                all.Add(certificate);
            }
        }

        return all;
    }
}
