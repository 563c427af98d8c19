using System.Diagnostics;

namespace Ca.Tests.Support.Documents;

/// <summary>Runs an independent judge other than openssl (pdfsig, qpdf, xmlsec1, certutil) and captures what it says.</summary>
internal static class ToolRunner
{
    public static async Task<OpenSslResult> RunAsync(string tool, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new OpenSslResult(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<OpenSslResult> RunOkAsync(string tool, string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(tool, workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
        return result;
    }
}
