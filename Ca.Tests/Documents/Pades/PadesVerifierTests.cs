using System.Text;
using Ca.Core.Documents;
using Ca.Core.Documents.Pades;
using Ca.Core.Validation;
using Ca.Tests.Support.Documents;

namespace Ca.Tests.Documents.Pades;

/// <summary>Every PDF signature reported, with what its byte range covers and what changed after it.</summary>
public sealed class PadesVerifierTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    /// <summary>The CA answers "good" for everything: what the service's own database says for its certificates.</summary>
    private sealed class AnswersGood : IRevocationChecker
    {
        public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(RevocationCheckResult.Good);
    }

    /// <summary>The CA's OCSP responder and CRL distribution point cannot be reached.</summary>
    internal sealed class Unreachable : IRevocationChecker
    {
        public ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(RevocationCheckResult.Unknown("connection refused"));
    }

    internal static TrustContext Context(IRevocationChecker? revocation = null) =>
        new([new ValidationTrustAnchor(Pki.Root.Certificate)], [Pki.Issuing.Certificate], revocation ?? new AnswersGood());

    internal static Task<ValidationReport> VerifyAsync(byte[] pdf, IRevocationChecker? revocation = null) =>
        new PadesVerifier(new CmsSignatureInspector(), new SignerValidator(new CertificatePathBuilder(), new CertificatePathValidator()))
            .VerifyAsync(pdf, Context(revocation), Pki.Now.AddMinutes(5), CancellationToken.None);

    [Fact]
    public async Task VerifyAsync_SignedTwice_BothPassedFirstWithAllowedChanges()
    {
        var once = await PadesSignerTests.Signer().SignAsync(TestPdfs.Minimal(), Pki.EcSigner, new PadesOptions(), CancellationToken.None);
        var twice = await PadesSignerTests.Signer().SignAsync(once, Pki.RsaSigner, new PadesOptions(), CancellationToken.None);

        var report = await VerifyAsync(twice);

        Assert.True(report.Indication == ValidationIndication.Passed, report.Message);
        Assert.Equal(2, report.Signatures.Count);
        var first = report.Signatures[0];
        Assert.Equal("Signature1", first.SignatureId);
        Assert.Equal("PAdES-BASELINE-T", first.Format);
        Assert.Equal(Pki.Now, first.TimestampTime);
        Assert.True(first.Pdf!.CoversSignedRevision);
        Assert.False(first.Pdf.CoversWholeFile);
        Assert.NotEmpty(first.Pdf.ChangesAfter);
        Assert.All(first.Pdf.ChangesAfter, c => Assert.True(c.Allowed, c.Description));
        var second = report.Signatures[1];
        Assert.Equal("Signature2", second.SignatureId);
        Assert.True(second.Pdf!.CoversWholeFile);
        Assert.Empty(second.Pdf.ChangesAfter);
        Assert.Contains("RSA e-Seal", second.Signer!.Subject);
    }

    [Fact]
    public async Task VerifyAsync_ContentByteChangedAfterSigning_FailedHashFailure()
    {
        var signed = await PadesSignerTests.Signer().SignAsync(TestPdfs.Minimal("Pay 100 baht"), Pki.EcSigner, new PadesOptions(), CancellationToken.None);
        var at = signed.AsSpan().IndexOf("Pay 100"u8) + 4;
        signed[at] = (byte)'9';

        var report = await VerifyAsync(signed);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.HashFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_IncrementalUpdateReplacesPageContent_FailedWithWhatChanged()
    {
        var signed = await PadesSignerTests.Signer().SignAsync(TestPdfs.Minimal("Pay 100 baht"), Pki.EcSigner, new PadesOptions(), CancellationToken.None);

        // The incremental-saving attack: the signed bytes stay intact, a later revision redefines the page content.
        var file = PdfFile.Open(signed);
        var update = new PdfIncrementalUpdate(file);
        update.Set(new PdfReference(5, 0), new PdfStream(PdfDictionary.Empty, Encoding.ASCII.GetBytes("BT /F1 24 Tf 72 720 Td (Pay 900 baht) Tj ET")));
        var attacked = update.Write().Bytes;

        var report = await VerifyAsync(attacked);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.HashFailure, report.SubIndication);
        var change = Assert.Single(report.Signatures[0].Pdf!.ChangesAfter, c => !c.Allowed);
        Assert.Contains("Object 5", change.Description);
        Assert.Equal(3, change.Revision); // 1: the original, 2: the signature, 3: the attack
    }

    [Fact]
    public async Task VerifyAsync_AnnotationAddedToPageAfterSigning_Failed()
    {
        var signed = await PadesSignerTests.Signer().SignAsync(TestPdfs.Minimal(), Pki.EcSigner, new PadesOptions(), CancellationToken.None);
        var file = PdfFile.Open(signed);
        var update = new PdfIncrementalUpdate(file);
        var page = PdfDocumentView.Pages(file)[0];
        var note = update.Add(new PdfDictionary([new("Type", new PdfName("Annot")), new("Subtype", new PdfName("FreeText")), new("Rect", new PdfArray([new PdfNumber(0), new PdfNumber(0), new PdfNumber(500), new PdfNumber(800)])), new("Contents", PdfString.Text("VOID"))]));
        var pageDictionary = (PdfDictionary)file.Resolve(page)!;
        var annots = (PdfArray)file.Resolve(pageDictionary["Annots"])!;
        update.Set(page, pageDictionary.With("Annots", new PdfArray([.. annots.Items, note])));

        var report = await VerifyAsync(update.Write().Bytes);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Contains(report.Signatures[0].Pdf!.ChangesAfter, c => !c.Allowed && c.Description.Contains("FreeText", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_ByteRangeNotAroundContents_FailedFormatFailure()
    {
        var signed = await PadesSignerTests.Signer().SignAsync(TestPdfs.Minimal(), Pki.EcSigner, new PadesOptions(), CancellationToken.None);
        var text = Encoding.Latin1.GetString(signed);
        var open = text.IndexOf("/ByteRange [", StringComparison.Ordinal) + "/ByteRange [".Length;
        var close = text.IndexOf(']', open);
        var numbers = text[open..close].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        var shifted = $"0 {numbers[1] - 10} {numbers[2]} {numbers[3]}".PadRight(close - open);
        Encoding.ASCII.GetBytes(shifted).CopyTo(signed, open);

        var report = await VerifyAsync(signed);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
        Assert.Contains("/Contents", report.Message);
    }

    [Theory]
    [InlineData("not a pdf at all")]
    [InlineData("%PDF-1.7\n1 0 obj\n<< /A [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ >>\nendobj\nstartxref\n9\n%%EOF\n")]
    [InlineData("%PDF-1.7\nxref\n0 99999999\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n")]
    [InlineData("%PDF-1.7\ntrailer << /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n")]
    public async Task VerifyAsync_HostileOrBrokenInput_FailedFormatFailureNotException(string input)
    {
        var report = await VerifyAsync(Encoding.ASCII.GetBytes(input));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_UnsignedPdf_FailedNoSignature()
    {
        var report = await VerifyAsync(TestPdfs.Minimal());

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Contains("no signature", report.Message);
    }
}
