using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Downloaded CRLs by URL until their nextUpdate, bounded in count and bytes: the URLs are named by
/// certificates that anyone may submit for verification, so without a bound each new URL would stay
/// in memory for good. When full, expired entries go first, then those expiring soonest. Thread-safe.
/// </summary>
internal sealed class CrlDownloadCache
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Lock sync = new();
    private readonly int maxEntries;
    private readonly long maxBytes;
    private long bytes;

    public CrlDownloadCache(int maxEntries, long maxBytes)
    {
        this.maxEntries = Math.Max(0, maxEntries);
        this.maxBytes = Math.Max(0, maxBytes);
    }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (sync)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Bytes (DER) held now.</summary>
    public long Bytes
    {
        get
        {
            lock (sync)
            {
                return bytes;
            }
        }
    }

    /// <summary>The CRL cached for <paramref name="url"/> while it is still current.</summary>
    public X509Crl? Get(string url, DateTime now)
    {
        lock (sync)
        {
            return entries.TryGetValue(url, out var entry) && entry.Crl.NextUpdate is { } next && next > now ? entry.Crl : null;
        }
    }

    /// <summary>Keeps the CRL unless it is already stale or alone exceeds the byte budget.</summary>
    public void Add(string url, X509Crl crl, long size, DateTime now)
    {
        if (crl.NextUpdate is not { } next || next <= now || size > maxBytes || maxEntries == 0)
        {
            return;
        }

        lock (sync)
        {
            if (entries.Remove(url, out var replaced))
            {
                bytes -= replaced.Size;
            }

            if (entries.Count >= maxEntries || bytes + size > maxBytes)
            {
                MakeRoom(size, now);
            }

            entries[url] = new Entry(crl, size);
            bytes += size;
        }
    }

    private void MakeRoom(long size, DateTime now)
    {
        foreach (var (url, entry) in entries.Where(e => e.Value.Crl.NextUpdate is not { } n || n <= now).ToList())
        {
            entries.Remove(url);
            bytes -= entry.Size;
        }

        foreach (var (url, entry) in entries.OrderBy(e => e.Value.Crl.NextUpdate).ToList())
        {
            if (entries.Count < maxEntries && bytes + size <= maxBytes)
            {
                break;
            }

            entries.Remove(url);
            bytes -= entry.Size;
        }
    }

    private sealed record Entry(X509Crl Crl, long Size);
}
