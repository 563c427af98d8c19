namespace Ca.Tests.Support;

/// <summary>Unix permission bits of a file or folder (the suite runs on Linux).</summary>
public static class FileModes
{
    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows()
            ? throw new PlatformNotSupportedException("Unix file modes are checked on Unix only.")
            : File.GetUnixFileMode(path) & (UnixFileMode)0x1FF;

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Unix file modes are set on Unix only.");
        }

        File.SetUnixFileMode(path, mode);
    }
}
