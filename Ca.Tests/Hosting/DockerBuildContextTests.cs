using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ca.Tests.Hosting;

/// <summary>
/// What `docker build` would send as the build context, judged by the docker CLI itself (it applies
/// .dockerignore before sending): the repository's .dockerignore and Dockerfile in a scratch
/// context holding a developer's local state. No engine runs here, so a stand-in engine on loopback
/// answers the CLI and keeps the context it receives.
/// </summary>
public sealed class DockerBuildContextTests
{
    private static readonly string[] LeftOut =
    [
        "Ca.Api/data/pki.db", "Ca.Api/data/pki.db-wal", "Ca.Api/data/kek.dev.key", "Ca.Api/data/bootstrap-admin.key", "Ca.Api/data/backup/pki-copy.sqlite",
        "Ca.Api/pki.db", "Ca.Api/bin/Release/net10.0/Ca.Api.dll", "Ca.Core/obj/project.assets.json",
        "Ca.Tests/TestResults/run.trx", ".git/config",
    ];

    private static readonly string[] SentIn =
    [
        "Directory.Build.props", "Directory.Packages.props", "PkiService.sln",
        "Ca.Core/Ca.Core.csproj", "Ca.Core/Keys/SigningKey.cs", "Ca.Storage/Ca.Storage.csproj",
        "Ca.Storage/Migrations/Sqlite/Initial.cs", "Ca.Api/Ca.Api.csproj", "Ca.Api/Program.cs", "Ca.Api/appsettings.json",
    ];

    [Fact]
    public async Task DockerBuildContext_WithLocalDataAndBuildOutput_SendsSourcesButNoSecretsOrOutput()
    {
        using var context = new TemporaryDirectory();
        Copy(".dockerignore", context.Path);
        Copy("Ca.Api/Dockerfile", context.Path);
        foreach (var file in LeftOut.Concat(SentIn))
        {
            var path = Path.Combine(context.Path, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file);
        }

        var sent = await BuildContextSentByDockerCliAsync(context.Path);

        Assert.All(SentIn, file => Assert.Contains(file, sent));
        Assert.All(LeftOut, file => Assert.DoesNotContain(file, sent));
    }

    private static void Copy(string file, string context)
    {
        var target = Path.Combine(context, file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Repository.PathOf(file), target);
    }

    private static async Task<IReadOnlySet<string>> BuildContextSentByDockerCliAsync(string contextDirectory)
    {
        byte[]? received = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var engine = builder.Build();
        engine.Run(async http =>
        {
            http.Response.Headers["Api-Version"] = "1.41";
            if (http.Request.Path.Value?.EndsWith("/build", StringComparison.Ordinal) == true)
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                received = body.ToArray();
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{\"stream\":\"context received\\n\"}\n");
                return;
            }

            await http.Response.WriteAsync("OK");
        });
        await engine.StartAsync();
        var address = engine.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var config = new TemporaryDirectory();
        var start = new ProcessStartInfo("docker", ["build", "-f", "Ca.Api/Dockerfile", "."])
        {
            WorkingDirectory = contextDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["DOCKER_HOST"] = address.Replace("http://", "tcp://", StringComparison.Ordinal),
                ["DOCKER_BUILDKIT"] = "0", // the classic builder: the CLI itself packs the context
                ["DOCKER_CONFIG"] = config.Path, // no user configuration, contexts or credentials
                ["DOCKER_CONTEXT"] = null,
                ["DOCKER_TLS_VERIFY"] = null,
            },
        };
        using var docker = Process.Start(start) ?? throw new InvalidOperationException("docker (the CLI) could not be started.");
        var output = docker.StandardOutput.ReadToEndAsync();
        var errors = docker.StandardError.ReadToEndAsync();
        await docker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        await engine.StopAsync();

        Assert.True(received is not null, $"the docker CLI sent no build context (exit {docker.ExitCode}): {await output}{await errors}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var tar = new TarReader(new MemoryStream(received!));
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name.TrimEnd('/'));
        }

        return names;
    }
}
