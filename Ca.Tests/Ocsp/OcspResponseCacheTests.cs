using Ca.Core.Common;
using Ca.Core.Ocsp;
using Microsoft.Extensions.Time.Testing;

namespace Ca.Tests.Ocsp;

/// <summary>The pre-signed response cache on its own, at fixed dates.</summary>
public sealed class OcspResponseCacheTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] CertId = [1, 2, 3];
    private readonly FakeTimeProvider clock = new(Now);

    [Fact]
    public void TryGet_StoredAndFresh_ReturnsResponse()
    {
        var cache = Cache(10);
        cache.Store("ca", Serial(1), CertId, "r1", [9], Now.AddMinutes(5), cache.Version);

        Assert.True(cache.TryGet("ca", Serial(1), CertId, "r1", out var response));
        Assert.Equal([9], response);
    }

    [Fact]
    public void TryGet_PastValidUntil_Misses()
    {
        var cache = Cache(10);
        cache.Store("ca", Serial(1), CertId, "r1", [9], Now.AddMinutes(5), cache.Version);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.False(cache.TryGet("ca", Serial(1), CertId, "r1", out _));
    }

    [Fact]
    public void TryGet_OtherResponderOrCertIdEncoding_Misses()
    {
        var cache = Cache(10);
        cache.Store("ca", Serial(1), CertId, "r1", [9], Now.AddMinutes(5), cache.Version);

        Assert.False(cache.TryGet("ca", Serial(1), CertId, "r2", out _));
        Assert.False(cache.TryGet("ca", Serial(1), [1, 2, 4], "r1", out _));
        Assert.False(cache.TryGet("other", Serial(1), CertId, "r1", out _));
    }

    [Fact]
    public void Store_AfterInvalidationSinceVersionRead_IsIgnored()
    {
        var cache = Cache(10);
        var version = cache.Version;
        cache.Invalidate("ca", Serial(1));

        cache.Store("ca", Serial(1), CertId, "r1", [9], Now.AddMinutes(5), version);

        Assert.False(cache.TryGet("ca", Serial(1), CertId, "r1", out _));
    }

    [Fact]
    public void InvalidateAuthority_RemovesOnlyThatCa()
    {
        var cache = Cache(10);
        cache.Store("a", Serial(1), CertId, "r1", [9], Now.AddMinutes(5), cache.Version);
        cache.Store("b", Serial(1), CertId, "r1", [9], Now.AddMinutes(5), cache.Version);

        cache.InvalidateAuthority("a");

        Assert.False(cache.TryGet("a", Serial(1), CertId, "r1", out _));
        Assert.True(cache.TryGet("b", Serial(1), CertId, "r1", out _));
    }

    [Fact]
    public void Store_BeyondCapacity_StaysBounded()
    {
        var cache = Cache(100);

        for (var i = 1; i <= 1000; i++)
        {
            cache.Store("ca", Serial(i), CertId, "r1", [9], Now.AddMinutes(5), cache.Version);
        }

        Assert.InRange(cache.Count, 1, 100);
        Assert.True(cache.TryGet("ca", Serial(1000), CertId, "r1", out _));
    }

    [Fact]
    public async Task Store_ConcurrentWritersAndInvalidators_DoesNotThrowAndStaysBounded()
    {
        var cache = Cache(50);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 1; i <= 2000; i++)
            {
                var serial = Serial((i % 200) + 1);
                if (worker % 4 == 0)
                {
                    cache.Invalidate("ca", serial);
                }
                else
                {
                    cache.Store("ca", serial, CertId, "r1", [9], Now.AddMinutes(5), cache.Version);
                    cache.TryGet("ca", serial, CertId, "r1", out _);
                }
            }
        })));

        Assert.InRange(cache.Count, 0, 60);
    }

    private OcspResponseCache Cache(int capacity) =>
        new(Microsoft.Extensions.Options.Options.Create(new OcspOptions { CacheCapacity = capacity }), clock);

    private static SerialNumber Serial(int value) => SerialNumber.From(Org.BouncyCastle.Math.BigInteger.ValueOf(value));
}
