using System.Diagnostics;
using Ca.Core.Common;
using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Xunit.Abstractions;
using CrlEntry = Ca.Core.Revocation.CrlEntry;

namespace Ca.Tests.Revocation;

/// <summary>CRL structure at fixed dates, read back with BouncyCastle.</summary>
public sealed class CrlBuilderTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<TestPki> Pki = new(() => TestPki.Create(Now));

    [Fact]
    public void Build_FixedDates_WritesThisAndNextUpdateAndSignsWithCaKey()
    {
        var crl = new X509Crl(CrlBuilder.Build(Pki.Value.Issuing, Request([])));

        Assert.Equal(Now.UtcDateTime, crl.ThisUpdate);
        Assert.Equal(Now.AddDays(1).UtcDateTime, crl.NextUpdate);
        Assert.Equal(2, crl.Version);
        Assert.Equal(Pki.Value.Issuing.Certificate.SubjectDN, crl.IssuerDN);
        crl.Verify(Pki.Value.Issuing.Certificate.GetPublicKey());
    }

    [Fact]
    public void Build_UnspecifiedReason_WritesNoReasonExtension()
    {
        var crl = new X509Crl(CrlBuilder.Build(Pki.Value.Issuing, Request([new CrlEntry(TestPki.Serial("05"), Now.AddHours(-1), RevocationReason.Unspecified)])));

        var entry = Assert.Single(crl.GetRevokedCertificates());
        Assert.Null(entry.GetExtensionValue(X509Extensions.ReasonCode));
        Assert.False(entry.HasExtensions);
    }

    [Fact]
    public void Build_ReasonAndInvalidityDate_WritesBothEntryExtensions()
    {
        var entryIn = new CrlEntry(TestPki.Serial("05"), Now.AddHours(-1), RevocationReason.AffiliationChanged, Now.AddDays(-2).AddMilliseconds(300));

        var entry = Assert.Single(new X509Crl(CrlBuilder.Build(Pki.Value.Issuing, Request([entryIn]))).GetRevokedCertificates());

        var reason = CrlReason.GetInstance(X509ExtensionUtilities.FromExtensionValue(entry.GetExtensionValue(X509Extensions.ReasonCode)));
        Assert.Equal(3, reason.IntValueExact);
        var invalidity = (Asn1GeneralizedTime)X509ExtensionUtilities.FromExtensionValue(entry.GetExtensionValue(X509Extensions.InvalidityDate));
        Assert.Equal(Now.AddDays(-2).UtcDateTime, invalidity.ToDateTime());
        Assert.Equal(Now.AddHours(-1).UtcDateTime, entry.RevocationDate);
    }

    [Fact]
    public void Build_FullCrl_HasAkiAndCrlNumberButNoDeltaIndicator()
    {
        var crl = new X509Crl(CrlBuilder.Build(Pki.Value.Issuing, Request([]) with { CrlNumber = 123456789012 }));

        var number = DerInteger.GetInstance(X509ExtensionUtilities.FromExtensionValue(crl.GetExtensionValue(X509Extensions.CrlNumber)));
        var aki = AuthorityKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(crl.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier)));
        Assert.Equal(123456789012, number.LongValueExact);
        Assert.Equal(Pki.Value.Issuing.SubjectKeyIdentifier.GetKeyIdentifier(), aki.KeyIdentifier.GetOctets());
        Assert.Null(crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator));
        Assert.Null(crl.GetExtensionValue(X509Extensions.FreshestCrl));
    }

    [Fact]
    public void Build_DeltaWithFreshestCrlUrl_Throws()
    {
        var request = Request([]) with { CrlNumber = 5, BaseCrlNumber = 4, DeltaCrlUrl = "http://pki.test/d.crl" };

        Assert.Throws<ArgumentException>(() => CrlBuilder.Build(Pki.Value.Issuing, request));
    }

    [Fact]
    public void Build_DeltaBaseNotOlder_Throws()
    {
        Assert.Throws<ArgumentException>(() => CrlBuilder.Build(Pki.Value.Issuing, Request([]) with { CrlNumber = 5, BaseCrlNumber = 5 }));
    }

    [Fact]
    public void Build_NextUpdateNotAfterThisUpdate_Throws()
    {
        Assert.Throws<ArgumentException>(() => CrlBuilder.Build(Pki.Value.Issuing, Request([]) with { NextUpdate = Now }));
    }

    [Fact]
    public void Build_UnassignedReasonCode_Throws()
    {
        var entry = new CrlEntry(TestPki.Serial("05"), Now, (RevocationReason)7);

        Assert.Throws<ArgumentOutOfRangeException>(() => CrlBuilder.Build(Pki.Value.Issuing, Request([entry])));
    }

    [Fact]
    public void Build_ManyEntries_KeepsEveryEntry()
    {
        const int count = 50_000;
        var reasons = new[] { RevocationReason.KeyCompromise, RevocationReason.Superseded, RevocationReason.Unspecified, RevocationReason.CessationOfOperation };
        var entries = new CrlEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = new CrlEntry(SerialNumber.NewRandom(), Now.AddSeconds(-i), reasons[i % reasons.Length], i % 10 == 0 ? Now.AddDays(-1) : null);
        }

        var watch = Stopwatch.StartNew();
        var der = CrlBuilder.Build(Pki.Value.Issuing, Request(entries));
        output.WriteLine($"{count} entries: {der.Length} bytes in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(count, new X509Crl(der).GetRevokedCertificates().Count);
    }

    private static CrlRequest Request(IReadOnlyList<CrlEntry> entries) => new(1, Now, Now.AddDays(1), entries);
}
