using System.Diagnostics;
using Ca.Tests.Support;

namespace Ca.Tests.Interop;

/// <summary>The README's walk-through, run as a newcomer would: bash + openssl + curl against a live server.</summary>
public sealed class WalkthroughScriptTests
{
    [Fact]
    public async Task Walkthrough_AgainstRunningService_IssuesAndOpenSslVerifies()
    {
        using var factory = new KestrelPkiApiFactory();
        var script = Path.Combine(RepositoryRoot(), "certs-sample", "walkthrough.sh");

        var start = new ProcessStartInfo("bash", [script, factory.BaseUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PKI_API_KEY"] = factory.AccountFor("walkthrough-requester", "requester").Key,
                ["PKI_ADMIN_KEY"] = factory.AccountFor("walkthrough-admin", "admin").Key,
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("certificate.pem: OK", output);
        Assert.Contains("certificate.pem: good", output);
        Assert.Contains("Response verify OK", output);
        Assert.Contains("O=บริษัท ตัวอย่าง จำกัด", output);
        Assert.Contains("== 6. e-seal, XAdES-signed e-Tax invoice and PAdES-signed Thai letter, verification", output);
        Assert.DoesNotContain("\"indication\":\"FAILED\"", output);
        Assert.DoesNotContain("\"indication\":\"INDETERMINATE\"", output);
        Assert.Contains("XAdES-BASELINE-LTA", output);
        Assert.Contains("PAdES-BASELINE-LT", output);
        Assert.Contains("Signature is Valid.", output);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PkiService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PkiService.sln not found above the test binaries.");
    }
}
