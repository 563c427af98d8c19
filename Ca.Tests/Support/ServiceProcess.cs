using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ca.Tests.Support;

/// <summary>
/// The service as an operator runs it: <c>dotnet Ca.Api.dll</c> in its own process, from the test
/// output folder (which holds Ca.Api.dll and its appsettings.json, like the image's /app), with
/// only the environment and arguments the test gives. What it logs is its console output.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly Process process;
    private readonly StringBuilder output = new();
    private bool disposed;

    private ServiceProcess(IReadOnlyDictionary<string, string?> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotNetHost(), ["Ca.Api.dll", .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // Nothing from the test runner's environment decides where or how the service runs.
        foreach (var name in start.Environment.Keys.Where(IsServiceSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments) => new(environment, arguments);

    /// <summary>Runs <c>dotnet Ca.Api.dll</c> with the arguments to the end (e.g. the health probe).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        await using var run = Start(environment, arguments);
        var exitCode = await run.WaitForExitAsync();
        return (exitCode, run.Output);
    }

    /// <summary>A loopback port nobody listened on a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until the process ends by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The service did not exit within {StartTimeout}. Output:\n{Output}");
        }

        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    /// <summary>Waits until <paramref name="baseUrl"/>/health answers 200; fails if the process exits first.</summary>
    public async Task WaitUntilHealthyAsync(string baseUrl)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                throw new InvalidOperationException($"The service exited with {process.ExitCode} before it answered. Output:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync($"{baseUrl}/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{baseUrl}/health did not answer 200 within {StartTimeout}. Output:\n{Output}");
    }

    /// <summary>Ends the process at once with SIGKILL, as a crash or the OOM killer would: no shutdown code runs.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static bool IsServiceSetting(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Pki__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || name is "DOTNET_URLS" or "DOTNET_ENVIRONMENT" or "URLS" or "HTTP_PORTS" or "HTTPS_PORTS";

    /// <summary>The dotnet host running the tests (the SDK exports it to child processes), else the one on PATH.</summary>
    private static string DotNetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
