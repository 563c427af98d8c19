using Ca.Tests.Support.Pki;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// The path-building attack of issue 11: 100 CA certificates all named "Flood CA", issued by "Flood CA", without key
/// identifiers, over ten keys that sign each other in a ring, and a leaf issued by one of them. Nothing reaches a
/// trust anchor, and every ordering of the pool is a name-matching candidate path. Built once per test run.
/// </summary>
internal static class SameNamedCaFlood
{
    private static readonly Lazy<(X509Certificate Leaf, IReadOnlyList<X509Certificate> Pool)> Instance = new(() =>
    {
        var keys = Enumerable.Range(0, 10).Select(_ => TestKeys.New()).ToArray();
        var pool = Enumerable.Range(0, 100)
            .Select(i => TestCertificateBuilder.Root("Flood CA").Key(keys[i % 10]).SignedWith(keys[(i + 1) % 10].Private).WithoutKeyIdentifiers().Build())
            .ToList();
        var leaf = TestCertificateBuilder.Leaf("Flood Leaf", pool[0]).WithoutKeyIdentifiers().Build();
        return (leaf.Certificate, (IReadOnlyList<X509Certificate>)pool.Select(c => c.Certificate).ToList());
    });

    public static X509Certificate Leaf => Instance.Value.Leaf;

    public static IReadOnlyList<X509Certificate> Pool => Instance.Value.Pool;

    /// <summary>The leaf then the pool, as one PEM bundle (the body of a hostile verification request).</summary>
    public static string PemBundle => string.Concat(new[] { Leaf }.Concat(Pool).Select(c => Ca.Core.Common.Pem.Encode("CERTIFICATE", c.GetEncoded())));
}
