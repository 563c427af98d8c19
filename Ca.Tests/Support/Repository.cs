namespace Ca.Tests.Support;

/// <summary>Files of the repository the tests run from (found by walking up to PkiService.sln).</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PkiService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PkiService.sln not found above the test binaries.");
    }

    public static string PathOf(string relativePath) => Path.Combine(Root(), relativePath);
}
