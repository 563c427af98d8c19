namespace Ca.Tests.Support.Documents;

/// <summary>What one openssl invocation printed and returned.</summary>
internal sealed record OpenSslResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}
