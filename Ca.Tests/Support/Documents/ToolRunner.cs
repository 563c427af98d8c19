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

/// <summary>
/// An NSS database trusting one root (what pdfsig checks certificates against), optionally holding a
/// signing key and certificate imported from PKCS#12 (what <c>pdfsig -add-signature</c> signs with).
/// </summary>
internal sealed class NssDatabase
{
    private NssDatabase(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The -nssdir argument.</summary>
    public string Argument => "sql:" + Directory;

    public static async Task<NssDatabase> CreateAsync(string parent, string rootPem)
    {
        var directory = Path.Combine(parent, "nssdb-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var db = new NssDatabase(directory);
        await ToolRunner.RunOkAsync("certutil", parent, "-N", "-d", db.Argument, "--empty-password");
        await ToolRunner.RunOkAsync("certutil", parent, "-A", "-d", db.Argument, "-n", "pki-root", "-t", "CT,C,C", "-i", rootPem);
        return db;
    }

    public async Task ImportPkcs12Async(string p12Path, string password)
    {
        await ToolRunner.RunOkAsync("pk12util", System.IO.Directory.GetParent(Directory)!.FullName, "-i", p12Path, "-d", Argument, "-W", password, "-K", "");
    }
}
