using System.Text;
using Ca.Core.Documents;
using Ca.Core.Keys;
using Ca.Core.Timestamping;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Documents;

/// <summary>Every SignerInfo and every counter-signature is inspected, not only the first signer.</summary>
public sealed class CmsMultipleSignersTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("บันทึกข้อความ ลงนามสองฝ่าย\n");
    private readonly CmsSignatureInspector inspector = new();

    private static CadesSigner Signer()
    {
        var clock = new FakeTimeProvider(Pki.Now);
        var tsa = new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(new TsaOptions()));
        return new CadesSigner(clock, new LocalTimeStampClient(tsa));
    }

    [Fact]
    public async Task AddSignerAsync_SecondSigner_OpenSslVerifiesBothAndInspectorReportsBoth()
    {
        var first = await Signer().SignAsync(Document, Pki.EcSigner, detached: true, timestamp: true, CancellationToken.None);

        var both = await Signer().AddSignerAsync(first, Document, Pki.RsaSigner, timestamp: true, CancellationToken.None);

        var results = await inspector.InspectAllAsync(both, new MemoryStream(Document), CancellationToken.None);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(CmsVerdict.Ok, r.Verdict));
        Assert.Equal(Pki.EcSigner.Certificate, results[0].SignerCertificate);
        Assert.Equal(Pki.RsaSigner.Certificate, results[1].SignerCertificate);

        // openssl cms -verify checks every SignerInfo; it fails if any one does not verify.
        var dir = Pki.NewWorkDirectory();
        await File.WriteAllBytesAsync(Path.Combine(dir, "doc.txt"), Document);
        await File.WriteAllBytesAsync(Path.Combine(dir, "both.der"), both);
        await OpenSslRunner.RunOkAsync(dir, ["cms", "-verify", "-binary", "-inform", "DER", "-in", "both.der", "-content", "doc.txt", "-CAfile", Pki.RootPem, "-purpose", "any", "-out", "/dev/null"]);
    }

    [Fact]
    public async Task InspectAllAsync_SecondSignerOverOtherContent_FirstOkSecondHashFailure()
    {
        var first = await Signer().SignAsync(Document, Pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);
        var other = await Signer().SignAsync("another document"u8.ToArray(), Pki.RsaSigner, detached: true, timestamp: false, CancellationToken.None);
        var merged = MergeSigners(first, other);

        var results = await inspector.InspectAllAsync(merged, new MemoryStream(Document), CancellationToken.None);

        Assert.Equal([CmsVerdict.Ok, CmsVerdict.HashFailure], results.Select(r => r.Verdict));
    }

    [Fact]
    public async Task InspectAllAsync_CounterSignature_ReportedUnderItsSigner()
    {
        var signed = await Signer().SignAsync(Document, Pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);
        var countersigned = CounterSign(signed, Pki.RsaSigner);

        var results = await inspector.InspectAllAsync(countersigned, new MemoryStream(Document), CancellationToken.None);

        var signer = Assert.Single(results);
        Assert.Equal(CmsVerdict.Ok, signer.Verdict);
        var counter = Assert.Single(signer.CounterSignatures);
        Assert.Equal(CmsVerdict.Ok, counter.Verdict);
        Assert.Equal(Pki.RsaSigner.Certificate, counter.SignerCertificate);
    }

    [Fact]
    public async Task InspectAllAsync_CounterSignatureOverAnotherSignature_CounterHashFailure()
    {
        var signed = await Signer().SignAsync(Document, Pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);
        var unrelated = await Signer().SignAsync(Document, Pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);
        var counterOfUnrelated = new CmsSignedData(CounterSign(unrelated, Pki.RsaSigner)).GetSignerInfos().GetSigners().Single().GetCounterSignatures();
        var original = new CmsSignedData(new CmsProcessableByteArray(Document), signed);
        var transplanted = SignerInformation.AddCounterSigners(original.GetSignerInfos().GetSigners().Single(), counterOfUnrelated);
        var replaced = CmsSignedData.ReplaceSigners(original, new SignerInformationStore(transplanted));
        var certificates = original.GetCertificates().EnumerateMatches(null).Append(Pki.RsaSigner.Certificate).ToList();
        var forged = CmsSignedData.ReplaceCertificatesAndRevocations(replaced, CollectionUtilities.CreateStore(certificates), null, null, null).GetEncoded();

        var results = await inspector.InspectAllAsync(forged, new MemoryStream(Document), CancellationToken.None);

        Assert.Equal(CmsVerdict.Ok, results[0].Verdict);
        Assert.Equal(CmsVerdict.HashFailure, Assert.Single(results[0].CounterSignatures).Verdict);
    }

    /// <summary>Puts the second signature's SignerInfo beside the first's, as a careless or hostile merger would.</summary>
    private static byte[] MergeSigners(byte[] first, byte[] second)
    {
        var a = new CmsSignedData(first);
        var b = new CmsSignedData(second);
        var signers = a.GetSignerInfos().GetSigners().Concat(b.GetSignerInfos().GetSigners()).ToList();
        var merged = CmsSignedData.ReplaceSigners(a, new SignerInformationStore(signers));
        var certificates = a.GetCertificates().EnumerateMatches(null).Concat(b.GetCertificates().EnumerateMatches(null)).Distinct().ToList();
        return CmsSignedData.ReplaceCertificatesAndRevocations(merged, CollectionUtilities.CreateStore(certificates), null, null, null).GetEncoded();
    }

    /// <summary>Adds a BouncyCastle-made counter-signature (RFC 5652 11.4) to the only signer, with its certificate.</summary>
    private static byte[] CounterSign(byte[] signature, DocumentSigningMaterial counterSigner)
    {
        var data = new CmsSignedData(signature);
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder().Build(
            new Asn1SignatureFactory("SHA256WITHRSA", ((SigningKey)counterSigner.Key).PrivateKey), counterSigner.Certificate));
        var signer = data.GetSignerInfos().GetSigners().Single();
        var counter = generator.GenerateCounterSigners(signer);
        var replaced = CmsSignedData.ReplaceSigners(data, new SignerInformationStore(SignerInformation.AddCounterSigners(signer, counter)));
        var certificates = data.GetCertificates().EnumerateMatches(null).Append(counterSigner.Certificate).ToList();
        return CmsSignedData.ReplaceCertificatesAndRevocations(replaced, CollectionUtilities.CreateStore(certificates), null, null, null).GetEncoded();
    }

    private static class CollectionUtilities
    {
        public static Org.BouncyCastle.Utilities.Collections.IStore<X509Certificate> CreateStore(IEnumerable<X509Certificate> certificates) =>
            Org.BouncyCastle.Utilities.Collections.CollectionUtilities.CreateStore(certificates.ToList());
    }
}
