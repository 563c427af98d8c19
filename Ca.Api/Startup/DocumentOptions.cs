namespace Ca.Api.Startup;

/// <summary>Signed e-document settings (<c>Pki:Documents</c>).</summary>
public sealed class DocumentOptions
{
    /// <summary>Largest document accepted for signing or verification, in bytes (413 above it).</summary>
    public long MaxBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Room for the multipart framing and a signature on top of <see cref="MaxBytes"/>.</summary>
    public long EnvelopeBytes { get; set; } = 1024 * 1024;
}
