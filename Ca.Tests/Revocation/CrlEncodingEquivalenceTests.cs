using Ca.Core.Common;
using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;
using CrlEntry = Ca.Core.Revocation.CrlEntry;

namespace Ca.Tests.Revocation;

/// <summary>
/// The hand-written DER of <see cref="CrlBuilder"/> against the BouncyCastle object tree it replaced
/// (kept below as the reference): the same request must give the same TBSCertList, octet for octet.
/// </summary>
public sealed class CrlEncodingEquivalenceTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<TestPki> Pki = new(() => TestPki.Create(Now));

    private static readonly RevocationReason[] AllReasons =
        Enumerable.Range(0, 11).Where(code => code != 7).Select(code => (RevocationReason)code).ToArray();

    [Fact]
    public void EncodeTbs_VariedEntries_MatchesBouncyCastleObjectEncoding()
    {
        var request = new CrlRequest(77, Now.AddTicks(1234567), Now.AddDays(1), VariedEntries(400), TestPki.Urls.DeltaCrl("issuing-ca"));

        AssertSameAsReference(request);
    }

    [Fact]
    public void EncodeTbs_DeltaWithRemoveFromCrl_MatchesBouncyCastleObjectEncoding()
    {
        var entries = new[]
        {
            new CrlEntry(TestPki.Serial("0101"), Now.AddHours(-1), RevocationReason.CessationOfOperation),
            new CrlEntry(TestPki.Serial("80"), Now.AddHours(-2), RevocationReason.RemoveFromCrl),
        };

        AssertSameAsReference(new CrlRequest(9, Now, Now.AddHours(4), entries, BaseCrlNumber: 8));
    }

    [Fact]
    public void EncodeTbs_NoEntries_OmitsRevokedCertificatesLikeBouncyCastle()
    {
        AssertSameAsReference(new CrlRequest(1, Now, Now.AddDays(1), []));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(1_800)]
    public void EncodeTbs_ListLengthsAcrossLengthFormBoundaries_MatchesBouncyCastleObjectEncoding(int count)
    {
        // 3-4 entries cross 127 and 255 content octets, ~1,700 cross 65,535: one-, two- and three-octet lengths.
        var entries = Enumerable.Range(0, count)
            .Select(i => new CrlEntry(SerialNumber.From(BigInteger.ValueOf(i + 1)), Now.AddSeconds(-i), RevocationReason.Unspecified))
            .ToArray();

        AssertSameAsReference(new CrlRequest(1, Now, Now.AddDays(1), entries));
    }

    [Fact]
    public void Build_VariedEntries_ParsesBackWithEveryEntryAndVerifies()
    {
        var entries = VariedEntries(300);

        var crl = new X509Crl(CrlBuilder.Build(Pki.Value.Issuing, new CrlRequest(5, Now, Now.AddDays(1), entries)));

        crl.Verify(Pki.Value.Issuing.Certificate.GetPublicKey());
        var revoked = crl.GetRevokedCertificates();
        Assert.Equal(entries.Length, revoked.Count);
        Assert.Equal(entries.Select(e => e.SerialNumber.Value), revoked.Select(r => r.SerialNumber));
    }

    [Fact]
    public void Build_DefaultSerialNumber_ThrowsArgumentException()
    {
        var request = new CrlRequest(1, Now, Now.AddDays(1), [new CrlEntry(default, Now, RevocationReason.KeyCompromise)]);

        Assert.Throws<ArgumentException>(() => CrlBuilder.Build(Pki.Value.Issuing, request));
    }

    /// <summary>Serials of every length up to 20 octets, with and without the top bit; times on both sides of 1950 and 2050; every reason, with and without invalidity dates.</summary>
    internal static CrlEntry[] VariedEntries(int count)
    {
        var random = new Random(20240601);
        DateTimeOffset[] times =
        [
            Now.AddMilliseconds(-1),
            new(1949, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
            new(1950, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new(2049, 12, 31, 23, 59, 59, 500, TimeSpan.Zero),
            new(2050, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new(2050, 1, 1, 6, 30, 0, TimeSpan.FromHours(7)),
            new(2099, 2, 28, 1, 2, 3, TimeSpan.FromHours(-5)),
            new(1900, 7, 4, 10, 11, 12, TimeSpan.Zero),
            new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero),
        ];
        var entries = new CrlEntry[count];
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[1 + (i % 20)];
            random.NextBytes(bytes);
            bytes[0] = (i % 3) switch
            {
                0 => (byte)(bytes[0] | 0x80), // high bit set: DER needs a leading 0x00
                1 => (byte)(bytes[0] & 0x7F),
                _ => bytes[0],
            };
            if (i % 17 == 0)
            {
                bytes[0] = 0x00; // a leading zero octet in the input must not survive into DER
            }

            var value = new BigInteger(1, bytes);
            if (value.SignValue == 0)
            {
                value = BigInteger.One;
            }

            var revokedAt = times[i % times.Length].AddSeconds(random.Next(0, 3) == 0 ? 0 : -random.Next(0, 1_000_000)).AddTicks(random.Next(0, 10_000_000));
            DateTimeOffset? invalidity = (i % 4) switch
            {
                0 => null,
                1 => revokedAt.AddDays(-1).AddTicks(9_999_999),
                2 => times[(i / 4) % times.Length],
                _ => new DateTimeOffset(2075, 3, 4, 5, 6, 7, TimeSpan.FromHours(3)),
            };
            entries[i] = new CrlEntry(SerialNumber.From(value), revokedAt, AllReasons[i % AllReasons.Length], invalidity);
        }

        return entries;
    }

    private static void AssertSameAsReference(CrlRequest request)
    {
        var authority = Pki.Value.Issuing;
        var algorithm = (AlgorithmIdentifier)authority.Key.SignatureFactory.AlgorithmDetails;
        var keyId = authority.SubjectKeyIdentifier.GetKeyIdentifier();

        var actual = CrlBuilder.EncodeTbs(authority.Certificate.SubjectDN, keyId, algorithm, request);
        var expected = ReferenceTbs(authority.Certificate.SubjectDN, keyId, algorithm, request);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    // The encoding CrlBuilder used before it wrote DER by hand: one BouncyCastle object tree per CRL.
    private static byte[] ReferenceTbs(X509Name issuer, byte[] issuerKeyId, AlgorithmIdentifier algorithm, CrlRequest request)
    {
        var tbs = new Asn1EncodableVector(7)
        {
            DerInteger.One,
            algorithm,
            issuer,
            new Time(ToUtc(request.ThisUpdate)),
            new Time(ToUtc(request.NextUpdate)),
        };
        if (request.Entries.Count > 0)
        {
            tbs.Add(new DerSequence(request.Entries.Select(ReferenceEntry).ToArray()));
        }

        var generator = new X509ExtensionsGenerator();
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(request.CrlNumber)));
        if (request.BaseCrlNumber is { } baseNumber)
        {
            generator.AddExtension(X509Extensions.DeltaCrlIndicator, true, new CrlNumber(BigInteger.ValueOf(baseNumber)));
        }
        else if (request.DeltaCrlUrl is { } deltaUrl)
        {
            generator.AddExtension(X509Extensions.FreshestCrl, false, CertificateExtensions.DistributionPoints(deltaUrl));
        }

        tbs.Add(new DerTaggedObject(true, 0, generator.Generate()));
        return new DerSequence(tbs).GetEncoded(Asn1Encodable.Der);
    }

    private static Asn1Encodable ReferenceEntry(CrlEntry entry)
    {
        var serial = new DerInteger(entry.SerialNumber.Value);
        var revoked = new Time(ToUtc(entry.RevokedAt));
        var oids = new List<DerObjectIdentifier>();
        var values = new List<X509Extension>();
        if (entry.Reason != RevocationReason.Unspecified)
        {
            oids.Add(X509Extensions.ReasonCode);
            values.Add(new X509Extension(false, new DerOctetString(new CrlReason((int)entry.Reason))));
        }

        if (entry.InvalidityDate is { } invalidity)
        {
            oids.Add(X509Extensions.InvalidityDate);
            values.Add(new X509Extension(false, new DerOctetString(new DerGeneralizedTime(ToUtc(invalidity)))));
        }

        return oids.Count > 0
            ? new DerSequence(serial, revoked, new X509Extensions(oids, values).ToAsn1Object())
            : new DerSequence(serial, revoked);
    }

    private static DateTime ToUtc(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }
}
