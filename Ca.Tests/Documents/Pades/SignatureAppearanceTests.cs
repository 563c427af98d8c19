using Ca.Core.Documents;
using Ca.Core.Documents.Pades;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;

namespace Ca.Tests.Documents.Pades;

/// <summary>
/// A visible signature shows who signed in their own script: Thai names are drawn in an embedded TrueType font
/// with a ToUnicode map, judged by pdfsig (signature), qpdf (structure, flattening), pdffonts and pdftotext (text).
/// </summary>
public sealed class SignatureAppearanceTests
{
    private const string GarudaPath = "/usr/share/fonts/truetype/tlwg/Garuda.ttf";
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    private static SignatureAppearanceFont Garuda() => SignatureAppearanceFont.Load(File.ReadAllBytes(GarudaPath));

    private static async Task<byte[]> SignedThaiLetterAsync(SignatureAppearanceFont? font)
    {
        var letter = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "thai-letter.pdf"));
        return await PadesSignerTests.Signer(appearanceFont: font).SignAsync(letter, Pki.ThaiSigner, new PadesOptions(Visible: new VisibleSignature(1, 320, 60, 220, 60)), CancellationToken.None);
    }

    /// <summary>The page text once the signature's appearance is merged into the page (as printing does).</summary>
    private static async Task<string> FlattenedTextAsync(string dir, byte[] pdf)
    {
        await File.WriteAllBytesAsync(Path.Combine(dir, "appearance.pdf"), pdf);
        await ToolRunner.RunOkAsync("qpdf", dir, "--flatten-annotations=all", "appearance.pdf", "flat.pdf");
        return (await ToolRunner.RunOkAsync("pdftotext", dir, "flat.pdf", "-")).StdOut;
    }

    [Fact]
    public void Load_Garuda_CoversThaiAndLatin()
    {
        var font = Garuda();

        Assert.Equal("Garuda", font.Name);
        Assert.True(font.Covers("ตราประทับ บริษัท ตัวอย่าง จำกัด Signed by 2026-11-30"));
        Assert.False(font.Covers("署名"));
    }

    [Fact]
    public async Task SignAsync_ThaiSignerWithThaiFont_NameReadableInAppearanceAndSignatureValid()
    {
        var dir = Pki.NewWorkDirectory();

        var signed = await SignedThaiLetterAsync(Garuda());

        var pdfsig = await PadesSignerTests.PdfsigAsync(dir, signed);
        Assert.True(pdfsig.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal), pdfsig);
        await PadesSignerTests.AssertQpdfCleanAsync(dir, signed);
        var text = await FlattenedTextAsync(dir, signed);
        Assert.Contains("ลงนามโดย / Signed by", text);
        Assert.Contains("ตราประทับ บริษัท ตัวอย่าง จำกัด", text);
        Assert.Contains("UTC", text);
        var fonts = (await ToolRunner.RunOkAsync("pdffonts", dir, "flat.pdf")).StdOut;
        // name, type (two words), encoding, embedded, subset, unicode map, object id.
        var garuda = fonts.Split('\n').Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(columns => columns is ["Garuda", ..]);
        Assert.Equal(["Garuda", "CID", "TrueType", "Identity-H", "yes", "no", "yes"], garuda[..7]);
    }

    [Fact]
    public async Task SignAsync_ThaiSignerWithoutFont_HelveticaFallbackStillValid()
    {
        var dir = Pki.NewWorkDirectory();

        var signed = await SignedThaiLetterAsync(font: null);

        var pdfsig = await PadesSignerTests.PdfsigAsync(dir, signed);
        Assert.True(pdfsig.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal), pdfsig);
        var text = await FlattenedTextAsync(dir, signed);
        Assert.Contains("Signed by", text);
        Assert.DoesNotContain("ตราประทับ", text);
    }

    [Theory]
    [InlineData(7101)]
    [InlineData(7102)]
    public void Load_MutatedFont_FormatExceptionOrFontNeverAnotherException(int seed)
    {
        var original = File.ReadAllBytes(GarudaPath);
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(original, seed, 200).Append(new ByteMutator.Mutation("truncated to 40 bytes", original[..40])))
        {
            try
            {
                var font = SignatureAppearanceFont.Load(mutation.Bytes);
                _ = font.Covers("ตราประทับ");
            }
            catch (FormatException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"{mutation}: {e.GetType().Name} {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
