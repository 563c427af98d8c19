using System.Diagnostics;
using System.Text;

namespace Ca.Tests.Support;

/// <summary>
/// Runs one of the independent judges installed beside openssl (GnuTLS certtool, NSS certutil,
/// vfychain, pk12util) in a scratch folder, with a bounded wait.
/// </summary>
public static class ExternalTool
{
    public static ToolResult Run(string workingDirectory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started; ./test.sh installs it.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 120 s.");
        }

        return new ToolResult(program, process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>What a tool printed.</summary>
public sealed record ToolResult(string Program, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() => $"{Program} exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}

/// <summary>
/// A throw-away NSS certificate database (sql: format, empty password), as Firefox and NSS-based
/// servers keep one: roots added with trust flags, then vfychain or pk12util against it.
/// </summary>
public sealed class NssDatabase : IDisposable
{
    public NssDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pki-nss-").FullName;
        var created = ExternalTool.Run(Directory, "certutil", "-N", "-d", Spec, "--empty-password");
        if (created.ExitCode != 0)
        {
            throw new InvalidOperationException(created.ToString());
        }
    }

    public string Directory { get; }

    /// <summary>The -d argument.</summary>
    public string Spec => "sql:" + Directory;

    /// <summary>Adds a root trusted to issue TLS server and client, e-mail and object-signing certificates (CT,C,C).</summary>
    public void TrustRoot(string nickname, string pemPath)
    {
        var added = ExternalTool.Run(Directory, "certutil", "-A", "-d", Spec, "-n", nickname, "-t", "CT,C,C", "-a", "-i", pemPath);
        if (added.ExitCode != 0)
        {
            throw new InvalidOperationException(added.ToString());
        }
    }

    /// <summary>A database trusting one root (what pdfsig and vfychain check certificates against).</summary>
    public static NssDatabase Trusting(string rootPemPath)
    {
        var db = new NssDatabase();
        db.TrustRoot("pki-root", rootPemPath);
        return db;
    }

    /// <summary>Imports a key and certificate from PKCS#12 (what <c>pdfsig -add-signature</c> signs with).</summary>
    public void ImportPkcs12(string p12Path, string password)
    {
        var imported = ExternalTool.Run(Directory, "pk12util", "-i", p12Path, "-d", Spec, "-W", password, "-K", "");
        if (imported.ExitCode != 0)
        {
            throw new InvalidOperationException(imported.ToString());
        }
    }

    /// <summary>
    /// vfychain with the PKIX library (-pp) for one usage (0 SSL client, 1 SSL server, 4 e-mail
    /// signer, 6 object signer, 10 OCSP responder); the leaf first, then intermediates.
    /// </summary>
    public ToolResult Verify(int usage, params string[] pemPaths)
    {
        var arguments = new List<string> { "-d", Spec, "-pp", "-u", usage.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var path in pemPaths)
        {
            arguments.Add("-a");
            arguments.Add(path);
        }

        return ExternalTool.Run(Directory, "vfychain", arguments.ToArray());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
