using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ca.Tests.Support.Hsm;

/// <summary>
/// A SoftHSM2 token directory of the test's own, in a temporary folder, reached through SOFTHSM2_CONF
/// (a softhsm2.conf naming that folder as directories.tokendir). Tokens are made with
/// <c>softhsm2-util --init-token --free</c>, inspected with <c>pkcs11-tool</c>. Each in-process user
/// of the PKCS#11 module gets its own copy of libsofthsm2.so: a library loaded twice under one path is
/// one library with one C_Initialize, so the service under test and the test's own inspector would
/// otherwise share (and finalize) each other's state.
/// </summary>
public sealed class SoftHsm : IDisposable
{
    public const string SystemModule = "/usr/lib/softhsm/libsofthsm2.so";
    public const string SoPin = "87654321";
    public const string UserPin = "12345678";
    private int copies;

    public SoftHsm()
    {
        Root = Directory.CreateTempSubdirectory("pki-softhsm-").FullName;
        TokenDirectory = Path.Combine(Root, "tokens");
        Directory.CreateDirectory(TokenDirectory);
        ConfigPath = Path.Combine(Root, "softhsm2.conf");
        File.WriteAllText(ConfigPath, $"directories.tokendir = {TokenDirectory}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        PinFile = Path.Combine(Root, "user.pin");
        File.WriteAllText(PinFile, UserPin + "\n");
    }

    public string Root { get; }

    public string TokenDirectory { get; }

    public string ConfigPath { get; }

    /// <summary>A file holding the user PIN, as an operator would give it.</summary>
    public string PinFile { get; }

    /// <summary>The environment a child process (the service, pkcs11-tool) needs to see these tokens.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["SOFTHSM2_CONF"] = ConfigPath };

    /// <summary>True when SoftHSM2 and pkcs11-tool are installed (./test.sh installs them).</summary>
    public static bool Installed => File.Exists(SystemModule) && Which("softhsm2-util") && Which("pkcs11-tool");

    /// <summary>Initializes a fresh token with the test PINs in the first free slot.</summary>
    public SoftHsm InitToken(string label)
    {
        Run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SoPin, "--pin", UserPin).EnsureSuccess();
        return this;
    }

    /// <summary>A private copy of the module for one in-process user (the service, or the test's inspector).</summary>
    public string NewModuleCopy()
    {
        var path = Path.Combine(Root, $"libsofthsm2-{Interlocked.Increment(ref copies)}.so");
        File.Copy(SystemModule, path);
        return path;
    }

    /// <summary>
    /// Points this process's native environment at these tokens: SoftHSM reads SOFTHSM2_CONF with
    /// getenv at C_Initialize, and .NET's Environment.SetEnvironmentVariable does not reach the C
    /// environment on Unix. Tests doing this share the <see cref="SoftHsmCollection"/>, so they run one at a time.
    /// </summary>
    public void UseInThisProcess()
    {
        if (setenv("SOFTHSM2_CONF", ConfigPath, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }
    }

    /// <summary>Runs pkcs11-tool on the given token (logged in with the user PIN).</summary>
    public ToolResult Pkcs11Tool(string token, params string[] arguments) =>
        Run("pkcs11-tool", ["--module", SystemModule, "--token-label", token, "--login", "--pin", UserPin, .. arguments]);

    /// <summary>Moves the token files away: for SoftHSM2 the token is gone, as if unplugged.</summary>
    public string Unplug()
    {
        var away = TokenDirectory + ".unplugged";
        Directory.Move(TokenDirectory, away);
        Directory.CreateDirectory(TokenDirectory);
        return away;
    }

    /// <summary>Puts the token files back.</summary>
    public void PlugBackIn(string away)
    {
        Directory.Delete(TokenDirectory, recursive: true);
        Directory.Move(away, TokenDirectory);
    }

    public ToolResult Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = ConfigPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in 120 s.");
        }

        return new ToolResult(tool, process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool Which(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a test helper; source-generated interop is not worth it here
    private static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}

/// <summary>What a tool printed.</summary>
public sealed record ToolResult(string Tool, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public ToolResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{Tool} exited {ExitCode}:\n{StandardOutput}\n{StandardError}");
}

/// <summary>Tests that load SoftHSM in this process: one at a time, since SOFTHSM2_CONF is process-wide.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmCollection
{
    public const string Name = "SoftHSM in process";
}
