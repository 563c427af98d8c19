using Ca.Core.Documents;
using Ca.Core.Documents.Pades;
using Ca.Core.Timestamping;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ca.Tests.Documents.Pades;

/// <summary>PAdES signing judged by poppler's pdfsig (signature and trust) and qpdf (structure).</summary>
public sealed class PadesSignerTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    internal static PadesSigner Signer(IValidationDataSource? validationData = null, SignatureAppearanceFont? appearanceFont = null)
    {
        var clock = new FakeTimeProvider(Pki.Now);
        var tsa = new LocalTimeStampClient(new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(new TsaOptions())));
        return new PadesSigner(new CadesSigner(clock, tsa), clock, tsa, validationData, appearanceFont);
    }

    internal static async Task<string> PdfsigAsync(string directory, byte[] pdf, string name = "signed.pdf")
    {
        await File.WriteAllBytesAsync(Path.Combine(directory, name), pdf);
        using var nss = NssDatabase.Trusting(Pki.RootPem);
        var result = await ToolRunner.RunAsync("pdfsig", directory, "-nssdir", nss.Spec, "-no-ocsp", name);
        return result.Output;
    }

    internal static async Task AssertQpdfCleanAsync(string directory, byte[] pdf)
    {
        await File.WriteAllBytesAsync(Path.Combine(directory, "check.pdf"), pdf);
        var result = await ToolRunner.RunAsync("qpdf", directory, "--check", "check.pdf");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("No syntax or stream encoding errors found", result.Output);
        Assert.DoesNotContain("WARNING", result.Output);
    }

    [Theory]
    [InlineData(Ca.Core.Keys.KeyAlgorithm.EcdsaP256)]
    [InlineData(Ca.Core.Keys.KeyAlgorithm.Rsa2048)]
    public async Task SignAsync_BT_PdfsigValidAndTrustedQpdfClean(Ca.Core.Keys.KeyAlgorithm algorithm)
    {
        var material = algorithm == Ca.Core.Keys.KeyAlgorithm.Rsa2048 ? Pki.RsaSigner : Pki.EcSigner;
        var dir = Pki.NewWorkDirectory();

        var signed = await Signer().SignAsync(TestPdfs.Minimal(), material, new PadesOptions(), CancellationToken.None);

        var pdfsig = await PdfsigAsync(dir, signed);
        Assert.Contains("Signature #1", pdfsig);
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig);
        Assert.True(pdfsig.Contains("Certificate Validation: Certificate is Trusted.", StringComparison.Ordinal), pdfsig);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", pdfsig);
        Assert.Contains("Total document signed", pdfsig);
        await AssertQpdfCleanAsync(dir, signed);
    }

    [Fact]
    public async Task SignAsync_Twice_PdfsigBothValidFirstCoversItsRevisionOnly()
    {
        var dir = Pki.NewWorkDirectory();
        var once = await Signer().SignAsync(TestPdfs.Minimal(), Pki.EcSigner, new PadesOptions(), CancellationToken.None);

        var twice = await Signer().SignAsync(once, Pki.RsaSigner, new PadesOptions(Reason: "Approved"), CancellationToken.None);

        Assert.Equal(once, twice.AsSpan(0, once.Length).ToArray());
        var pdfsig = await PdfsigAsync(dir, twice);
        Assert.Contains("Signature #2", pdfsig);
        Assert.Equal(2, CountOf(pdfsig, "Signature Validation: Signature is Valid."));
        Assert.Equal(2, CountOf(pdfsig, "Certificate Validation: Certificate is Trusted."));
        Assert.Contains("Not total document signed", pdfsig);
        await AssertQpdfCleanAsync(dir, twice);
    }

    [Fact]
    public async Task SignAsync_ObjectStreamsAndXrefStream_PdfsigValidTwice()
    {
        var dir = Pki.NewWorkDirectory();
        await File.WriteAllBytesAsync(Path.Combine(dir, "plain.pdf"), TestPdfs.Minimal(pages: 3));
        await ToolRunner.RunOkAsync("qpdf", dir, "--object-streams=generate", "plain.pdf", "compressed.pdf");
        var compressed = await File.ReadAllBytesAsync(Path.Combine(dir, "compressed.pdf"));

        var once = await Signer().SignAsync(compressed, Pki.EcSigner, new PadesOptions(Visible: new VisibleSignature(2, 72, 72, 200, 50)), CancellationToken.None);
        var twice = await Signer().SignAsync(once, Pki.EcSigner, new PadesOptions(), CancellationToken.None);

        var pdfsig = await PdfsigAsync(dir, twice);
        Assert.Equal(2, CountOf(pdfsig, "Signature Validation: Signature is Valid."));
        await AssertQpdfCleanAsync(dir, twice);
    }

    [Fact]
    public async Task SignAsync_ThaiLetterMadeByPdfsharpVisible_PdfsigValidQpdfCleanTextKept()
    {
        var dir = Pki.NewWorkDirectory();
        var letter = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "thai-letter.pdf"));

        var signed = await Signer().SignAsync(letter, Pki.EcSigner, new PadesOptions(Visible: new VisibleSignature(1, 320, 60, 220, 60)), CancellationToken.None);

        var pdfsig = await PdfsigAsync(dir, signed);
        Assert.True(pdfsig.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal), pdfsig);
        await AssertQpdfCleanAsync(dir, signed);
        var text = await ToolRunner.RunOkAsync("pdftotext", dir, "check.pdf", "-");
        Assert.Contains("หนังสือรับรองการจดทะเบียน", text.StdOut);
    }

    internal static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
