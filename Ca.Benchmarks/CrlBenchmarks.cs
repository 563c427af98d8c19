using BenchmarkDotNet.Attributes;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Revocation;

namespace Ca.Benchmarks;

/// <summary>
/// A full CRL of 10k / 100k / 1M revoked entries (every tenth with keyCompromise and an invalidity
/// date) signed by a P-256 issuing CA. Peak memory is not what the Allocated column shows (that is
/// the total allocated); <c>BenchTool crl 1000000</c> prints the peak resident set.
/// </summary>
public class CrlBenchmarks
{
    private InMemoryPki pki = null!;
    private CrlRequest request = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pki = InMemoryPki.Create(KeyAlgorithm.EcdsaP256);
        var now = DateTimeOffset.UtcNow;
        var entries = new CrlEntry[Entries];
        for (var i = 0; i < entries.Length; i++)
        {
            var revokedAt = now.AddSeconds(-i);
            entries[i] = i % 10 == 0
                ? new CrlEntry(SerialNumber.NewRandom(), revokedAt, RevocationReason.KeyCompromise, revokedAt.AddDays(-1))
                : new CrlEntry(SerialNumber.NewRandom(), revokedAt, i % 2 == 0 ? RevocationReason.Superseded : RevocationReason.Unspecified);
        }

        request = new CrlRequest(42, now, now.AddDays(7), entries);
    }

    [Benchmark]
    public int BuildFullCrl() => CrlBuilder.Build(pki.Issuing, request).Length;
}
