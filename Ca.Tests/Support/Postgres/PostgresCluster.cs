using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Ca.Tests.Support.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for the whole test run: Debian's server binaries, a data folder under
/// the temp folder, 127.0.0.1 on a free port, trust authentication for the one role <c>pki</c>. PostgreSQL
/// refuses to run as root (CI runs as root), so there the server runs as the <c>postgres</c> system user the
/// Debian package creates (through <c>runuser</c>), over a folder handed to that user; anyone else runs
/// it directly. Stopped and deleted on dispose, and on process exit should the runner die first.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string Role = "pki";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private string? root;
    private string? dataDirectory;
    private string? binDirectory;
    private bool started;
    private int databases;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The folder holding the server binaries (pg_dump, psql ...).</summary>
    public string BinDirectory => binDirectory ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>A connection string to the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public async Task InitializeAsync()
    {
        binDirectory = FindBinaries();
        root = Directory.CreateTempSubdirectory("pki-pg-").FullName;
        dataDirectory = Path.Combine(root, "data");
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        try
        {
            GiveToServiceUser(root);
            await RunAsync(Path.Combine(binDirectory, "initdb"), ["-D", dataDirectory, "-U", Role, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]);

            // A port free a moment ago may be taken by the time the server binds it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                Port = ServiceProcess.FreePort();
                var options = string.Join(' ',
                    $"-p {Port}", "-h 127.0.0.1", $"-k {root}",
                    "-c max_connections=400", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
                var (exitCode, output) = await TryRunAsync(Path.Combine(binDirectory, "pg_ctl"), ["start", "-D", dataDirectory, "-w", "-t", "60", "-l", Path.Combine(root, "server.log"), "-o", options]);
                if (exitCode == 0)
                {
                    started = true;
                    break;
                }

                if (attempt == 3)
                {
                    throw new InvalidOperationException($"PostgreSQL did not start (pg_ctl exit {exitCode}): {output}\n{ServerLog()}");
                }
            }

            await WaitUntilReadyAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A new, empty database for one test; its name is unique in this run.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"pki_{purpose.ToLowerInvariant()}_{Interlocked.Increment(ref databases)}");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops a database (closing the pools that still point at it).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Role,
        Database = database,
        Pooling = true,
        MaxPoolSize = 40,
        Timeout = 30,
    }.ToString();

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        NpgsqlConnection.ClearAllPools();
        if (started && binDirectory is not null && dataDirectory is not null)
        {
            started = false;
            await TryRunAsync(Path.Combine(binDirectory, "pg_ctl"), ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "30"]);
        }

        if (root is not null)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            root = null;
        }
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        if (started && binDirectory is not null && dataDirectory is not null)
        {
            started = false;
            TryRunAsync(Path.Combine(binDirectory, "pg_ctl"), ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "10"]).GetAwaiter().GetResult();
        }
    }

    /// <summary>The newest installed server (Debian: /usr/lib/postgresql/N/bin), or PKI_TEST_PG_BIN.</summary>
    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PKI_TEST_PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "initdb")))
        {
            return configured;
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "The PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/<version>/bin: " +
            "run ./test.sh, which installs Debian's postgresql package, or `apt-get install postgresql`, or set PKI_TEST_PG_BIN to the folder holding them.");
    }

    private static bool RunningAsRoot => Environment.UserName == "root" || (OperatingSystem.IsLinux() && GetEffectiveUserId() == 0);

    private static uint GetEffectiveUserId()
    {
        try
        {
            return uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return uint.MaxValue;
        }
    }

    /// <summary>As root, the folder (and the path to it) must be usable by the unprivileged server user.</summary>
    private static void GiveToServiceUser(string folder)
    {
        if (OperatingSystem.IsWindows() || !RunningAsRoot)
        {
            return;
        }

        var chown = Process.Start(new ProcessStartInfo("chown", ["-R", ServiceUser, folder]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("chown could not be started.");
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"The tests run as root and PostgreSQL refuses root, but handing {folder} to the '{ServiceUser}' user failed (does the user exist? Debian's postgresql package creates it): {chown.StandardError.ReadToEnd()}");
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var (exitCode, output) = await TryRunAsync(program, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed with exit code {exitCode}: {output}");
        }
    }

    /// <summary>Runs a server binary, as the service user when the tests run as root.</summary>
    private static async Task<(int ExitCode, string Output)> TryRunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = RunningAsRoot
            ? new ProcessStartInfo("runuser", ["-u", ServiceUser, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{Path.GetFileName(program)} did not finish within {ReadyTimeout}");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>pg_ctl -w already waited; this proves a real client gets in before any test tries.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (NpgsqlException) when (waited.Elapsed < ReadyTimeout)
            {
                await Task.Delay(200);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL on port {Port} did not accept connections within {ReadyTimeout}: {e.Message}\n{ServerLog()}", e);
            }
        }
    }

    private string ServerLog()
    {
        var log = root is null ? null : Path.Combine(root, "server.log");
        return log is not null && File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
    }
}

/// <summary>Every PostgreSQL test shares one cluster per run (and so runs one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
