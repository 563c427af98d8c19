using System.Diagnostics;

namespace Ca.Tests.Support.Documents;

/// <summary>Runs the openssl CLI, the independent judge of what the documents code produces.</summary>
internal static class OpenSslRunner
{
    public static async Task<OpenSslResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new OpenSslResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and fails the test with openssl's output when it exits non-zero.</summary>
    public static async Task<OpenSslResult> RunOkAsync(string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
        return result;
    }
}
