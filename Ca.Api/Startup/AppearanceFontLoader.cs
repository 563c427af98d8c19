using Ca.Core.Documents.Pades;

namespace Ca.Api.Startup;

/// <summary>Reads the configured font of visible PDF signatures once, at start.</summary>
internal static class AppearanceFontLoader
{
    /// <summary>The font, or null (Helvetica, ASCII only) when none is configured or the file is missing or unusable.</summary>
    public static SignatureAppearanceFont? Load(string? path, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AppearanceFontLoader));
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            logger.LogWarning("Visible PDF signatures use Helvetica without Thai: the font {Path} (Pki:Documents:AppearanceFont) does not exist; install fonts-thai-tlwg or configure a TrueType font", path);
            return null;
        }

        try
        {
            return SignatureAppearanceFont.Load(File.ReadAllBytes(path));
        }
        catch (FormatException e)
        {
            logger.LogWarning("Visible PDF signatures use Helvetica without Thai: {Path} is not a usable TrueType font ({Reason})", path, e.Message);
            return null;
        }
    }
}
