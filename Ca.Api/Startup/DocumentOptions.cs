namespace Ca.Api.Startup;

/// <summary>Signed e-document settings (<c>Pki:Documents</c>).</summary>
public sealed class DocumentOptions
{
    /// <summary>Largest document accepted for signing or verification, in bytes (413 above it).</summary>
    public long MaxBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Room for the multipart framing and a signature on top of <see cref="MaxBytes"/>.</summary>
    public long EnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// TrueType font of visible PDF signatures; it must hold Thai for Thai signer names (fonts-thai-tlwg's Garuda
    /// by default). When the file is absent the appearance falls back to Helvetica, ASCII only, with a warning.
    /// </summary>
    public string? AppearanceFont { get; set; } = "/usr/share/fonts/truetype/tlwg/Garuda.ttf";
}
