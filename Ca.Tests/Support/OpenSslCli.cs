using System.Diagnostics;
using System.Text;

namespace Ca.Tests.Support;

/// <summary>
/// Runs the real <c>openssl</c> binary: the independent judge of everything the service produces.
/// Each instance owns a scratch folder so tests can write files and refer to them by name.
/// </summary>
public sealed class OpenSslCli : IDisposable
{
    public OpenSslCli()
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("pki-openssl-").FullName;
    }

    public string WorkingDirectory { get; }

    /// <summary>Writes a file into the scratch folder and returns its full path.</summary>
    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(WorkingDirectory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes a text file (UTF-8, no BOM).</summary>
    public string Write(string name, string content) => Write(name, new UTF8Encoding(false).GetBytes(content));

    /// <summary>Reads a file the command produced.</summary>
    public byte[] Read(string name) => File.ReadAllBytes(Path.Combine(WorkingDirectory, name));

    /// <summary>Runs openssl with the arguments, in the scratch folder.</summary>
    public OpenSslResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started; install it (apt-get install -y openssl).");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish in 60 s.");
        }

        return new OpenSslResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What an openssl run printed.</summary>
public sealed record OpenSslResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>Throws with the full output unless openssl exited 0.</summary>
    public OpenSslResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"openssl exited {ExitCode}:\n{StandardOutput}\n{StandardError}");

    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
