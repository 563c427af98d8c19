using System.Security.Cryptography;
using Ca.Core.Keys;
using Ca.Storage;

namespace Ca.Api.Startup;

/// <summary>
/// Finds the KEK: from configuration (the production path: environment variable or secret store).
/// Only in Development, when none is configured, a key is generated once beside the database,
/// readable only by the service user, with a loud warning, so `dotnet run` works on a fresh machine.
/// Anywhere else a missing or malformed KEK refuses the start: a generated key beside the database
/// it protects would protect nothing.
/// </summary>
internal static class KeyEncryptionKeySource
{
    public const string DevelopmentKeyFile = "kek.dev.key";
    private const string HowToSet = "Set Pki:KeyEncryptionKey (environment variable Pki__KeyEncryptionKey) to the base64 of 32 random bytes (openssl rand -base64 32), kept apart from the database";

    public static IKeyProtector Resolve(string? configured, string dataDirectory, bool isDevelopment, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FromBase64(configured);
        }

        if (!isDevelopment)
        {
            throw new StartupRefusedException($"Pki:KeyEncryptionKey is not set. {HowToSet}. A development key is generated only when ASPNETCORE_ENVIRONMENT is Development.");
        }

        PrivateFiles.EnsureDirectory(dataDirectory, logger);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, DevelopmentKeyFile));
        if (!File.Exists(path))
        {
            PrivateFiles.WriteSecret(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            logger.LogWarning("Generated a development key-encryption key at {Path}. {HowToSet} in production.", path, HowToSet);
        }
        else
        {
            PrivateFiles.RestrictIfExists(path, logger);
            logger.LogWarning("Pki:KeyEncryptionKey is not set; using the development key at {Path}. Do not run production this way.", path);
        }

        return FromBase64(File.ReadAllText(path));
    }

    private static AesGcmKeyProtector FromBase64(string value)
    {
        try
        {
            return AesGcmKeyProtector.FromBase64(value);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupRefusedException($"{e.Message} {HowToSet}.");
        }
    }
}
