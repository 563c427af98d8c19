using System.Diagnostics;
using Ca.Tests.Support;

namespace Ca.Tests.Hosting;

/// <summary>
/// Both compose files are valid to Docker Compose itself (<c>config</c> parses, merges the YAML anchors and
/// checks the schema without a Docker daemon): SQL Server with one instance, PostgreSQL with two instances
/// behind nginx whose upstreams name exactly those two.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["MSSQL_SA_PASSWORD"] = "compose-test-password",
        ["POSTGRES_PASSWORD"] = "compose-test-password",
        ["PKI_KEK"] = PkiApiFactory.TestKek,
        ["PKI_ADMIN_KEY"] = PkiApiFactory.AdminKey,
    };

    [Fact]
    public async Task SqlServerCompose_Config_IsValidWithOneApiOnSqlServer()
    {
        var config = await ComposeConfigAsync("docker-compose.yml");

        Assert.Contains("Pki__Database__Provider: SqlServer", config);
        Assert.Contains("mcr.microsoft.com/mssql/server", config);
    }

    [Fact]
    public async Task PostgresCompose_Config_IsValidWithTwoApisBehindNginx()
    {
        var config = await ComposeConfigAsync("docker-compose.postgres.yml");

        Assert.Contains("  api-1:", config);
        Assert.Contains("  api-2:", config);
        Assert.Equal(2, config.Split("Pki__Database__Provider: Postgres").Length - 1);
        Assert.Contains("image: postgres:15", config);
        Assert.Contains("image: nginx:", config);
        var nginx = await File.ReadAllTextAsync(Repository.PathOf("deploy/nginx/pki.conf"));
        Assert.Contains("server api-1:8080", nginx);
        Assert.Contains("server api-2:8080", nginx);
    }

    [Fact]
    public async Task PostgresCompose_SecretsUnset_RefusesToRender()
    {
        var (exitCode, output) = await RunComposeAsync("docker-compose.postgres.yml", new Dictionary<string, string>());

        Assert.NotEqual(0, exitCode);
        Assert.Matches("(?i)missing mandatory value|required variable", output); // compose v1 / v2 wording
    }

    private static async Task<string> ComposeConfigAsync(string file)
    {
        var (exitCode, output) = await RunComposeAsync(file, Secrets);
        Assert.True(exitCode == 0, output);
        return output;
    }

    /// <summary><c>docker compose</c> (the v2 plugin) when the CLI has it, else <c>docker-compose</c> (Debian's package, which test.sh installs).</summary>
    private static async Task<(int ExitCode, string Output)> RunComposeAsync(string file, IReadOnlyDictionary<string, string> environment)
    {
        var (pluginExit, _) = await RunAsync("docker", ["compose", "version"], new Dictionary<string, string>());
        var (program, prefix) = pluginExit == 0 ? ("docker", new[] { "compose" }) : ("docker-compose", Array.Empty<string>());
        return await RunAsync(program, [.. prefix, "--project-directory", Repository.Root(), "-f", Repository.PathOf(file), "config"], environment);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in new[] { "MSSQL_SA_PASSWORD", "POSTGRES_PASSWORD", "PKI_KEK", "PKI_ADMIN_KEY", "PKI_PUBLIC_BASE_URL" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program} is not installed ({e.Message}); ./test.sh installs docker-compose.");
        }
    }
}
