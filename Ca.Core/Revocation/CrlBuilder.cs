using Ca.Core.Authorities;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Revocation;

/// <summary>
/// Signs v2 CRLs (RFC 5280 5) with a CA's own key: AKI and cRLNumber always, freshestCRL on full CRLs
/// when deltas are published, a critical deltaCRLIndicator on deltas. Entries are written exactly as
/// given, with shared per-reason extension objects so a million-entry CRL costs one small allocation
/// set per entry.
/// </summary>
public static class CrlBuilder
{
    private static readonly Asn1Object?[] ReasonOnlyExtensions = BuildReasonOnlyExtensions();

    /// <summary>Builds and signs the CRL; returns its DER, which is what gets published.</summary>
    public static byte[] Build(CertificateAuthority authority, CrlRequest request) =>
        Build(authority.Certificate.SubjectDN, authority.SubjectKeyIdentifier.GetKeyIdentifier(), authority.Key.SignatureFactory, request);

    /// <summary>
    /// Builds with an explicit issuer name, key identifier and signer; for callers (and tests) that hold a
    /// key outside a <see cref="CertificateAuthority"/>. Internal so CA keys still never leave Core.
    /// </summary>
    internal static byte[] Build(X509Name issuer, byte[] issuerKeyId, ISignatureFactory signer, CrlRequest request)
    {
        Validate(request);
        var signatureAlgorithm = (AlgorithmIdentifier)signer.AlgorithmDetails;

        // TBSCertList assembled directly rather than through X509V2CrlGenerator, which re-parses the
        // whole structure and encodes it twice; at a million entries that is most of the cost.
        var tbs = new Asn1EncodableVector(7)
        {
            DerInteger.One,
            signatureAlgorithm,
            issuer,
            new Time(ToUtc(request.ThisUpdate)),
            new Time(ToUtc(request.NextUpdate)),
        };
        if (request.Entries.Count > 0)
        {
            tbs.Add(new DerSequence(EncodeEntries(request.Entries)));
        }

        tbs.Add(new DerTaggedObject(true, 0, CrlExtensions(issuerKeyId, request)));
        var tbsDer = new DerSequence(tbs).GetEncoded(Asn1Encodable.Der);

        var calculator = signer.CreateCalculator();
        using (var stream = calculator.Stream)
        {
            stream.Write(tbsDer);
        }

        var signature = new DerBitString(calculator.GetResult().Collect());
        return DerConcat.Sequence(tbsDer, signatureAlgorithm.GetEncoded(Asn1Encodable.Der), signature.GetEncoded(Asn1Encodable.Der));
    }

    private static Asn1Encodable[] EncodeEntries(IReadOnlyList<CrlEntry> entries)
    {
        var encoded = new Asn1Encodable[entries.Count];
        for (var i = 0; i < encoded.Length; i++)
        {
            var entry = entries[i];
            var serial = new DerInteger(entry.SerialNumber.Value);
            var revoked = new Time(ToUtc(entry.RevokedAt));
            encoded[i] = EntryExtensions(entry) is { } extensions
                ? new DerSequence(serial, revoked, extensions)
                : new DerSequence(serial, revoked);
        }

        return encoded;
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

    private static Asn1Object? EntryExtensions(CrlEntry entry)
    {
        var code = (int)entry.Reason;
        if (code is < 0 or > 10 or 7)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Reason, $"Serial {entry.SerialNumber}: not an RFC 5280 CRLReason.");
        }

        if (entry.InvalidityDate is null)
        {
            return ReasonOnlyExtensions[code];
        }

        var oids = new List<DerObjectIdentifier>(2);
        var values = new List<X509Extension>(2);
        if (entry.Reason != RevocationReason.Unspecified)
        {
            oids.Add(X509Extensions.ReasonCode);
            values.Add(ReasonExtension(code));
        }

        // RFC 5280 5.3.2: GeneralizedTime, whole seconds, Zulu.
        oids.Add(X509Extensions.InvalidityDate);
        values.Add(new X509Extension(false, new DerOctetString(new DerGeneralizedTime(ToUtc(entry.InvalidityDate.Value)))));
        return new X509Extensions(oids, values).ToAsn1Object();
    }

    private static Asn1Object?[] BuildReasonOnlyExtensions()
    {
        var table = new Asn1Object?[11];
        for (var code = 1; code <= 10; code++)
        {
            if (code != 7)
            {
                // Encoded once: X509Extensions rebuilds its SEQUENCE on every encoding.
                table[code] = new X509Extensions([X509Extensions.ReasonCode], [ReasonExtension(code)]).ToAsn1Object();
            }
        }

        // Unspecified (0): RFC 5280 5.3.1 says the reasonCode extension SHOULD be absent.
        return table;
    }

    private static X509Extension ReasonExtension(int code) => new(false, new DerOctetString(new CrlReason(code)));

    private static DateTime ToUtc(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }
}
