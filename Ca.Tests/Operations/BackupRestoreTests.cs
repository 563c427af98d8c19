using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ca.Tests.Support;
using Ca.Tests.Support.Postgres;
using Microsoft.Data.Sqlite;

namespace Ca.Tests.Operations;

/// <summary>
/// The operator's backup and restore, as documented in docs/OPERATIONS.md: <c>dotnet Ca.Api.dll backup</c>
/// while the service runs, the data wiped, the backup put back, <c>restore-check</c> passes, and the
/// restored service issues again on an audit chain that still verifies.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Backup_SqliteWhileServing_WipeRestoreThenChecksPassAndIssues()
    {
        using var backups = new TemporaryDirectory();
        var backup = Path.Combine(backups.Path, "pki-backup.db");
        var original = Directory.CreateTempSubdirectory("pki-original-").FullName;
        string revokedSerial;
        await using (var serving = new DirectoryFactory(original))
        {
            revokedSerial = await UseAsync(serving);

            // Online: the service is still up and holds its writer connection.
            var (exitCode, output) = await ServiceProcess.RunToExitAsync(Settings(original), "backup", backup);
            Assert.True(exitCode == 0, output);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, FileModes.Of(backup));
        SqliteConnection.ClearAllPools();
        Directory.Delete(original, recursive: true);

        var restored = Directory.CreateTempSubdirectory("pki-restored-").FullName;
        try
        {
            File.Copy(backup, Path.Combine(restored, "pki.db"));
            var (exitCode, output) = await ServiceProcess.RunToExitAsync(Settings(restored), "restore-check");
            Assert.True(exitCode == 0, output);
            Assert.Contains("ok   audit chain verifies", output);
            Assert.Contains("ok   CA root-ca: key decrypts and signs", output);
            Assert.Contains("ok   CA issuing-ca: key decrypts and signs", output);

            await using var again = new DirectoryFactory(restored);
            await IssueAndVerifyAsync(again, revokedSerial);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(restored, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreCheck_AuditRecordAlteredInTheBackup_Fails()
    {
        var directory = Directory.CreateTempSubdirectory("pki-tampered-").FullName;
        try
        {
            await using (var serving = new DirectoryFactory(directory))
            {
                await UseAsync(serving);
            }

            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "pki.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """UPDATE "AuditRecords" SET "Actor" = 'someone-else' WHERE "Sequence" = 3""";
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            var (exitCode, output) = await ServiceProcess.RunToExitAsync(Settings(directory), "restore-check");

            Assert.Equal(1, exitCode);
            Assert.Contains("FAIL audit chain broken at record 3", output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Some state worth restoring: certificates, one revoked, an account; returns the revoked serial.</summary>
    internal static async Task<string> UseAsync(PkiApiFactory service)
    {
        using var requester = service.ClientFor("backup-requester", "requester");
        for (var i = 0; i < 3; i++)
        {
            await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256($"CN=kept{i}.example.co.th", $"kept{i}.example.co.th") });
        }

        var (_, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=gone.example.co.th", "gone.example.co.th") });
        using var revoke = await requester.PostAsJsonAsync($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        return serial;
    }

    /// <summary>The restored service knows what was revoked, issues again, and its chain verifies.</summary>
    internal static async Task IssueAndVerifyAsync(PkiApiFactory service, string revokedSerial)
    {
        using var admin = service.AdminClient();
        var revoked = await admin.GetJsonAsync($"/api/v1/certificates/{revokedSerial}");
        Assert.Equal("revoked", revoked["status"]!.GetValue<string>());
        using var requester = service.ClientFor("after-restore", "requester");
        await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=after.example.co.th", "after.example.co.th") });
        using var auditor = service.ClientFor("restore-auditor", "auditor");
        var verification = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
    }

    internal static Dictionary<string, string?> Settings(string dataDirectory, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Pki__KeyEncryptionKey"] = PkiApiFactory.TestKek,
            ["Pki__DataDirectory"] = dataDirectory,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    private sealed class DirectoryFactory(string directory) : PkiApiFactory(null, directory);
}

/// <summary>The same on PostgreSQL: pg_dump while serving, the database dropped, pg_restore into a new one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupRestoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Backup_PostgresWithPgDump_DropRestoreThenChecksPassAndIssues()
    {
        using var work = new TemporaryDirectory();
        var backup = Path.Combine(work.Path, "pki.dump");
        var original = await cluster.CreateDatabaseAsync("backup");
        string revokedSerial;
        await using (var serving = new PostgresPkiApiFactory(original))
        {
            revokedSerial = await BackupRestoreTests.UseAsync(serving);
            var (exitCode, output) = await ServiceProcess.RunToExitAsync(Settings(work.Path, original), "backup", backup);
            Assert.True(exitCode == 0, output);
        }

        await cluster.DropDatabaseAsync(original);
        var restored = await cluster.CreateDatabaseAsync("restored");
        var target = new Npgsql.NpgsqlConnectionStringBuilder(restored);
        await RunAsync(Path.Combine(cluster.BinDirectory, "pg_restore"), "--no-owner", "--exit-on-error", "--host", target.Host!, "--port", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", target.Username!, "--dbname", target.Database!, backup);

        var (checkExit, checkOutput) = await ServiceProcess.RunToExitAsync(Settings(work.Path, restored), "restore-check");
        Assert.True(checkExit == 0, checkOutput);
        Assert.Contains("ok   audit chain verifies", checkOutput);

        await using (var again = new PostgresPkiApiFactory(restored))
        {
            await BackupRestoreTests.IssueAndVerifyAsync(again, revokedSerial);
        }

        await cluster.DropDatabaseAsync(restored);
    }

    private Dictionary<string, string?> Settings(string dataDirectory, string connectionString) => BackupRestoreTests.Settings(dataDirectory, new Dictionary<string, string?>
    {
        ["Pki__Database__Provider"] = "Postgres",
        ["ConnectionStrings__Pki"] = connectionString,
        ["Pki__Backup__PgDump"] = Path.Combine(cluster.BinDirectory, "pg_dump"),
    });

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)}: {await errors}");
    }
}
