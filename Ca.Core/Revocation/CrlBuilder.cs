using Ca.Core.Authorities;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Revocation;

/// <summary>
/// Signs v2 CRLs (RFC 5280 5) with a CA's own key: AKI and cRLNumber always, freshestCRL on full CRLs
/// when deltas are published, a critical deltaCRLIndicator on deltas. The small fixed parts are
/// BouncyCastle-encoded; the entries are written straight into the TBSCertList's octets by
/// <see cref="CrlEntryEncoder"/>, so a million-entry CRL costs its own size twice (TBS, then the signed
/// CRL) instead of a million object graphs.
/// </summary>
public static class CrlBuilder
{
    /// <summary>Builds and signs the CRL; returns its DER, which is what gets published.</summary>
    public static byte[] Build(CertificateAuthority authority, CrlRequest request) =>
        Build(authority.Certificate.SubjectDN, authority.SubjectKeyIdentifier.GetKeyIdentifier(), authority.Key.SignatureFactory, request);

    /// <summary>
    /// Builds with an explicit issuer name, key identifier and signer; for callers (and tests) that hold a
    /// key outside a <see cref="CertificateAuthority"/>. Internal so CA keys still never leave Core.
    /// </summary>
    internal static byte[] Build(X509Name issuer, byte[] issuerKeyId, ISignatureFactory signer, CrlRequest request)
    {
        var signatureAlgorithm = (AlgorithmIdentifier)signer.AlgorithmDetails;
        var tbs = EncodeTbs(issuer, issuerKeyId, signatureAlgorithm, request);

        var calculator = signer.CreateCalculator();
        using (var stream = calculator.Stream)
        {
            // The array overload: a stream without its own span overload would rent and copy the whole TBS.
            stream.Write(tbs, 0, tbs.Length);
        }

        var signature = new DerBitString(calculator.GetResult().Collect());

        // The one copy of the TBS: the signature's length is known only now.
        return DerConcat.Sequence(tbs, signatureAlgorithm.GetEncoded(Asn1Encodable.Der), signature.GetEncoded(Asn1Encodable.Der));
    }

    /// <summary>
    /// The DER TBSCertList, in one exactly sized array. Not through X509V2CrlGenerator or per-entry
    /// BouncyCastle objects: at a million entries those dominate both time and memory.
    /// </summary>
    internal static byte[] EncodeTbs(X509Name issuer, byte[] issuerKeyId, AlgorithmIdentifier signatureAlgorithm, CrlRequest request)
    {
        Validate(request);
        byte[][] head =
        [
            DerInteger.One.GetEncoded(Asn1Encodable.Der),
            signatureAlgorithm.GetEncoded(Asn1Encodable.Der),
            issuer.GetEncoded(Asn1Encodable.Der),
            new Time(CrlEntryEncoder.ToUtc(request.ThisUpdate)).GetEncoded(Asn1Encodable.Der),
            new Time(CrlEntryEncoder.ToUtc(request.NextUpdate)).GetEncoded(Asn1Encodable.Der),
        ];
        var extensions = new DerTaggedObject(true, 0, CrlExtensions(issuerKeyId, request)).GetEncoded(Asn1Encodable.Der);

        // RFC 5280 5.1.2.6: with no entries the revokedCertificates SEQUENCE is absent, not empty.
        var entriesLength = request.Entries.Count > 0 ? CrlEntryEncoder.ContentLength(request.Entries) : 0;
        var revokedLength = request.Entries.Count > 0 ? DerConcat.HeaderLength(entriesLength) + entriesLength : 0;
        var contentLength = revokedLength + extensions.Length;
        foreach (var part in head)
        {
            contentLength += part.Length;
        }

        if (contentLength > Array.MaxLength - 16)
        {
            throw new ArgumentException($"{request.Entries.Count} entries make a CRL larger than one array can hold.", nameof(request));
        }

        var tbs = new byte[DerConcat.HeaderLength(contentLength) + contentLength];
        var offset = DerConcat.WriteHeader(tbs, DerConcat.SequenceTag, contentLength);
        foreach (var part in head)
        {
            part.CopyTo(tbs, offset);
            offset += part.Length;
        }

        if (request.Entries.Count > 0)
        {
            offset += DerConcat.WriteHeader(tbs.AsSpan(offset), DerConcat.SequenceTag, entriesLength);
            offset += CrlEntryEncoder.Write(request.Entries, tbs.AsSpan(offset, (int)entriesLength));
        }

        extensions.CopyTo(tbs, offset);
        offset += extensions.Length;
        if (offset != tbs.Length)
        {
            // Lengths are computed before writing; a mismatch would be a bug here, never a bad request.
            throw new InvalidOperationException($"TBSCertList length mismatch: wrote {offset} of {tbs.Length} octets.");
        }

        return tbs;
    }

    private static X509Extensions CrlExtensions(byte[] issuerKeyId, CrlRequest request)
    {
        var generator = new X509ExtensionsGenerator();
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(request.CrlNumber)));
        if (request.BaseCrlNumber is { } baseNumber)
        {
            // RFC 5280 5.2.4: the delta CRL indicator is always critical, so a client that cannot
            // combine it with the base rejects it instead of mistaking it for a complete CRL.
            generator.AddExtension(X509Extensions.DeltaCrlIndicator, true, new CrlNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(baseNumber)));
        }
        else if (request.DeltaCrlUrl is { } deltaUrl)
        {
            generator.AddExtension(X509Extensions.FreshestCrl, false, CertificateExtensions.DistributionPoints(deltaUrl));
        }

        return generator.Generate();
    }

    private static void Validate(CrlRequest request)
    {
        if (request.CrlNumber < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.CrlNumber, "CRL numbers are non-negative (RFC 5280 5.2.3).");
        }

        if (request.NextUpdate <= request.ThisUpdate)
        {
            throw new ArgumentException("nextUpdate must be after thisUpdate.", nameof(request));
        }

        if (request.BaseCrlNumber is { } baseNumber)
        {
            if (baseNumber < 0 || baseNumber >= request.CrlNumber)
            {
                throw new ArgumentException("A delta CRL's base number must be lower than its own number (RFC 5280 5.2.4).", nameof(request));
            }

            if (request.DeltaCrlUrl is not null)
            {
                throw new ArgumentException("freshestCRL must not appear in a delta CRL (RFC 5280 5.2.6).", nameof(request));
            }
        }
    }
}
