using System.Text.RegularExpressions;
using Ca.Tests.Support;

namespace Ca.Tests.Hosting;

/// <summary>
/// A service that cannot protect or open its CA keys must not start: it exits non-zero with one
/// clear log entry for the operator, no stack trace, and writes nothing.
/// </summary>
public sealed partial class KeyEncryptionKeyStartupTests
{
    [Fact]
    public async Task Start_InProductionWithoutKek_ExitsNonZeroWithOneClearLine()
    {
        using var temp = new TemporaryDirectory();
        var data = Path.Combine(temp.Path, "data");

        var (exitCode, output) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["Pki__DataDirectory"] = data,
        });

        Assert.True(exitCode != 0, output);
        AssertOneCriticalEntryWithoutStackTrace(output, "Pki:KeyEncryptionKey is not set");
        Assert.False(File.Exists(Path.Combine(data, "kek.dev.key")), "no development key beside the database in production");
        Assert.False(File.Exists(Path.Combine(data, "pki.db")), "nothing written before the refusal");
    }

    [Fact]
    public async Task Start_WithKekThatDoesNotOpenTheStoredCaKeys_ExitsNonZeroWithOneClearLine()
    {
        using var data = new TemporaryDirectory();
        await using (var first = new ExistingDataFactory(data.Path))
        {
            first.CreateClient().Dispose(); // creates the database and the hierarchy under the test KEK
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var (exitCode, output) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["Pki__DataDirectory"] = data.Path,
            ["Pki__KeyEncryptionKey"] = Convert.ToBase64String(new byte[32]),
        });

        Assert.True(exitCode != 0, output);
        var line = AssertOneCriticalEntryWithoutStackTrace(output, "Pki:KeyEncryptionKey does not decrypt");
        Assert.Contains("root-ca", line);
        Assert.Contains("issuing-ca", line);
    }

    /// <summary>Exactly one log entry (critical), carrying the reason, and nothing that looks like a stack trace.</summary>
    private static string AssertOneCriticalEntryWithoutStackTrace(string output, string reason)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var entry = Assert.Single(lines, line => LogLevelPrefix().IsMatch(line));
        Assert.StartsWith("crit:", entry);
        Assert.Contains(lines, line => line.Contains("Refusing to start: " + reason, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", output);
        return lines.Single(line => line.Contains(reason, StringComparison.Ordinal));
    }

    [GeneratedRegex("^(trce|dbug|info|warn|fail|crit):")]
    private static partial Regex LogLevelPrefix();

    private sealed class ExistingDataFactory(string directory) : PkiApiFactory(null, directory);
}
