using System.Diagnostics;
using System.Text;

namespace Ca.Tests.Support;

/// <summary>The outcome of one openssl invocation.</summary>
public sealed record OpenSslResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>stdout and stderr together; openssl prints verdicts to either depending on the command.</summary>
    public string Output => StdOut + StdErr;

    /// <summary>Throws with the full output unless openssl exited 0.</summary>
    public OpenSslResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl exited {ExitCode}:\n{StdOut}\n{StdErr}");
        }

        return this;
    }
}

/// <summary>
/// Runs the system <c>openssl</c> binary inside a private temporary directory, so tests can write inputs,
/// let openssl judge our output, and clean up afterwards. Generic on purpose: any test area can use it.
/// </summary>
public sealed class OpenSslCli : IDisposable
{
    /// <summary>Creates a runner with a fresh working directory.</summary>
    public OpenSslCli()
    {
        Directory = Path.Combine(Path.GetTempPath(), "openssl-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The working directory; relative paths in arguments resolve against it.</summary>
    public string Directory { get; }

    /// <summary>Writes bytes to a file in the working directory and returns its name.</summary>
    public string WriteFile(string name, byte[] content)
    {
        File.WriteAllBytes(PathOf(name), content);
        return name;
    }

    /// <summary>Writes text (PEM, config) to a file in the working directory and returns its name.</summary>
    public string WriteFile(string name, string content)
    {
        File.WriteAllText(PathOf(name), content, new UTF8Encoding(false));
        return name;
    }

    /// <summary>Reads a file openssl produced.</summary>
    public byte[] ReadFile(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The absolute path of a file in the working directory.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Runs <c>openssl</c> with the arguments (no shell, no quoting issues) and waits for it.</summary>
    public OpenSslResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start openssl.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish.");
        }

        return new OpenSslResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Removes the working directory.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }
}
