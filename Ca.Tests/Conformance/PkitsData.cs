using System.Collections.Concurrent;
using System.Text.Json;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Conformance;

/// <summary>Loads the NIST PKITS data (public domain, kept in Ca.Tests/TestData/pkits), once per test run.</summary>
public static class PkitsData
{
    private static readonly Lazy<IReadOnlyDictionary<string, PkitsCase>> Cases = new(Load);

    public static IReadOnlyDictionary<string, PkitsCase> All => Cases.Value;

    public static string Directory { get; } = Locate();

    // Copied beside the test assembly by Ca.Tests.csproj, so a fresh clone needs nothing outside it.
    private static string Locate()
    {
        var candidate = Path.Combine(AppContext.BaseDirectory, "TestData", "pkits");
        return File.Exists(Path.Combine(candidate, "pkits.json"))
            ? candidate
            : throw new InvalidOperationException($"PKITS test data not found at {candidate}: Ca.Tests/TestData/pkits should be copied to the output.");
    }

    private static IReadOnlyDictionary<string, PkitsCase> Load()
    {
        var certParser = new X509CertificateParser();
        var crlParser = new X509CrlParser();
        var certs = new ConcurrentDictionary<string, X509Certificate>();
        var crls = new ConcurrentDictionary<string, X509Crl>();

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "pkits.json")));
        var result = new Dictionary<string, PkitsCase>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            var testCase = new PkitsCase(
                entry.GetProperty("number").GetString()!,
                entry.GetProperty("title").GetString()!,
                entry.GetProperty("certs").EnumerateArray()
                    .Select(e => certs.GetOrAdd(e.GetString()!, n => certParser.ReadCertificate(File.ReadAllBytes(Path.Combine(Directory, "certs", n + ".crt")))))
                    .ToList(),
                entry.GetProperty("crls").EnumerateArray()
                    .Select(e => crls.GetOrAdd(e.GetString()!, n => crlParser.ReadCrl(File.ReadAllBytes(Path.Combine(Directory, "crls", n + ".crl")))))
                    .ToList(),
                entry.GetProperty("should_validate").GetBoolean(),
                entry.GetProperty("settings").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""));
            result.Add(testCase.DisplayName, testCase);
        }

        // BouncyCastle checks every RSA modulus with Miller-Rabin rounds when a key is first decoded (~50 ms per
        // key, cached per certificate afterwards); decoding the ~400 PKITS keys up front uses all cores.
        Parallel.ForEach(certs.Values, cert => cert.GetPublicKey());
        return result;
    }
}
