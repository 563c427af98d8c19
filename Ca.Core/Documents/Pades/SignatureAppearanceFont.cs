namespace Ca.Core.Documents.Pades;

/// <summary>
/// The font a visible PDF signature is drawn in. Without one the appearance falls back to Helvetica, which has
/// no Thai: a Thai signer's name would show as question marks, so operators configure a font holding Thai
/// (e.g. Garuda from fonts-thai-tlwg) and the whole file is embedded in each signed PDF.
/// </summary>
public sealed class SignatureAppearanceFont
{
    private SignatureAppearanceFont(TrueTypeFont font) => Font = font;

    internal TrueTypeFont Font { get; }

    /// <summary>The font's PostScript name, as the PDF names it.</summary>
    public string Name => Font.PostScriptName;

    /// <summary>Reads a TrueType font file.</summary>
    /// <exception cref="FormatException">The file is not a TrueType font with a Unicode cmap.</exception>
    public static SignatureAppearanceFont Load(byte[] trueTypeFile)
    {
        ArgumentNullException.ThrowIfNull(trueTypeFile);
        return new SignatureAppearanceFont(TrueTypeFont.Parse(trueTypeFile));
    }

    /// <summary>Whether every character of <paramref name="text"/> has a glyph in the font.</summary>
    public bool Covers(string text) => text.EnumerateRunes().All(r => Font.GlyphOf(r.Value) != 0 || r.Value == ' ');
}
