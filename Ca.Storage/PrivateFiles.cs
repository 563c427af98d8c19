using Microsoft.Extensions.Logging;

namespace Ca.Storage;

/// <summary>
/// The data directory holds the database and secrets (wrapped CA keys, the development KEK, the
/// bootstrap admin key), so on Unix it is owner-only: folders 0700, files 0600. Modes are set
/// explicitly after creation, because a create mode only passes through the umask, and a folder or
/// file found wider than that (an older version, a copy, a volume) is tightened with a warning.
/// Windows relies on the folder's ACL and is left alone.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rw------- (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder owner-only, or tightens an existing one.</summary>
    public static void EnsureDirectory(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (Directory.Exists(path))
        {
            Restrict(path, DirectoryMode, logger);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>
    /// Makes sure the file exists (empty when new) with mode 0600, so a program that opens it
    /// afterwards (SQLite) never creates it with its own, wider default.
    /// </summary>
    public static void EnsureFile(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            RestrictIfExists(path, logger);
            return;
        }

        try
        {
            using (Create(path, System.IO.FileMode.CreateNew))
            {
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by someone else between the check and the create: tighten theirs instead.
            RestrictIfExists(path, logger);
        }
    }

    /// <summary>Tightens the file to 0600 when it exists and grants more.</summary>
    public static void RestrictIfExists(string path, ILogger logger)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            Restrict(path, FileMode, logger);
        }
    }

    /// <summary>Writes (or replaces) a small secret in a file that only the owner can read.</summary>
    public static void WriteSecret(string path, string secret)
    {
        // An existing file keeps its mode when truncated: remove it so the new one is created 0600.
        File.Delete(path);
        using var stream = Create(path, System.IO.FileMode.CreateNew);
        using var writer = new StreamWriter(stream);
        writer.Write(secret);
    }

    private static FileStream Create(string path, System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // The umask may only have removed bits; set exactly 0600 rather than trust it.
            File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
        }

        return stream;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, UnixFileMode wanted, ILogger logger)
    {
        var current = File.GetUnixFileMode(path);
        if ((current & ~wanted) == 0)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, current & wanted);
            logger.LogWarning("{Path} was accessible to group or others ({Before}); restricted it to its owner ({After}).", path, Octal(current), Octal(current & wanted));
        }
        catch (UnauthorizedAccessException)
        {
            logger.LogWarning("{Path} is accessible to group or others ({Mode}) and this user cannot change that: restrict it to the service user.", path, Octal(current));
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
