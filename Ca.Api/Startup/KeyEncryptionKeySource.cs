using System.Security.Cryptography;
using Ca.Core.Keys;

namespace Ca.Api.Startup;

/// <summary>
/// Finds the KEK: from configuration (the production path: environment variable or secret store),
/// else a development key generated once beside the database, readable only by the service user,
/// with a loud warning, so `dotnet run` works on a fresh machine without weakening production.
/// </summary>
internal static class KeyEncryptionKeySource
{
    public const string DevelopmentKeyFile = "kek.dev.key";

    public static IKeyProtector Resolve(string? configured, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return AesGcmKeyProtector.FromBase64(configured);
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, fileOptions))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key);
            }

            logger.LogWarning("Generated a development key-encryption key at {Path}. Set Pki:KeyEncryptionKey (env Pki__KeyEncryptionKey) to a secret 32-byte base64 value in production.", Path.GetFullPath(path));
        }
        else
        {
            logger.LogWarning("Pki:KeyEncryptionKey is not set; using the development key at {Path}. Do not run production this way.", Path.GetFullPath(path));
        }

        return AesGcmKeyProtector.FromBase64(File.ReadAllText(path));
    }
}
