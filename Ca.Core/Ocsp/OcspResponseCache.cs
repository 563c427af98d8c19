using System.Collections.Concurrent;
using Ca.Core.Common;
using Microsoft.Extensions.Options;

namespace Ca.Core.Ocsp;

/// <summary>
/// Pre-signed responses for nonce-less single requests (RFC 5019), keyed by (CA, serial), so repeat
/// lookups cost a dictionary read instead of a signature. Entries expire a margin before their
/// nextUpdate, are dropped on revocation, and the total is bounded. Thread-safe.
/// </summary>
public sealed class OcspResponseCache
{
    private const int MaxVariantsPerSerial = 4;

    private readonly ConcurrentDictionary<Key, Variant[]> slots = new();
    private readonly TimeProvider clock;
    private readonly int capacity;
    private readonly Lock trimLock = new();
    private long version;
    private int count;

    /// <summary>Creates an empty cache sized by <see cref="OcspOptions.CacheCapacity"/>.</summary>
    public OcspResponseCache(IOptions<OcspOptions> options, TimeProvider clock)
    {
        capacity = Math.Max(1, options.Value.CacheCapacity);
        this.clock = clock;
    }

    /// <summary>Number of (CA, serial) pairs currently cached; approximate under concurrency.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>
    /// Bumped by every invalidation. The responder reads it before looking up a status and passes it to
    /// <see cref="Store"/>, so a response computed before a revocation is never cached after it.
    /// </summary>
    internal long Version => Interlocked.Read(ref version);

    /// <summary>Drops the cached responses for one certificate; call after revoking, holding or releasing it.</summary>
    public void Invalidate(string caId, SerialNumber serial)
    {
        Interlocked.Increment(ref version);
        Remove(new Key(caId, serial.Hex));
    }

    /// <summary>Drops everything cached for a CA; call after its responder key rolls over or the CA is revoked.</summary>
    public void InvalidateAuthority(string caId)
    {
        Interlocked.Increment(ref version);
        foreach (var key in slots.Keys)
        {
            if (key.CaId == caId)
            {
                Remove(key);
            }
        }
    }

    /// <summary>A cached response for exactly this CertID encoding, signed by the current responder and still fresh.</summary>
    internal bool TryGet(string caId, SerialNumber serial, byte[] certId, string responderSerial, out byte[] response)
    {
        response = [];
        if (!slots.TryGetValue(new Key(caId, serial.Hex), out var variants))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        foreach (var variant in variants)
        {
            if (variant.ValidUntil > now && variant.ResponderSerial == responderSerial && variant.CertId.AsSpan().SequenceEqual(certId))
            {
                response = variant.Response;
                return true;
            }
        }

        return false;
    }

    /// <summary>Caches a response unless an invalidation happened since <paramref name="observedVersion"/> was read.</summary>
    internal void Store(string caId, SerialNumber serial, byte[] certId, string responderSerial, byte[] response, DateTimeOffset validUntil, long observedVersion)
    {
        var now = clock.GetUtcNow();
        if (validUntil <= now || Version != observedVersion)
        {
            return;
        }

        if (Count >= capacity)
        {
            Trim(now);
        }

        var key = new Key(caId, serial.Hex);
        var variant = new Variant(certId, responderSerial, response, validUntil);
        while (true)
        {
            if (slots.TryGetValue(key, out var existing))
            {
                var kept = existing.Where(v => v.ValidUntil > now && v.ResponderSerial == responderSerial && !v.CertId.AsSpan().SequenceEqual(certId))
                    .Take(MaxVariantsPerSerial - 1);
                if (slots.TryUpdate(key, [variant, .. kept], existing))
                {
                    break;
                }
            }
            else if (slots.TryAdd(key, [variant]))
            {
                Interlocked.Increment(ref count);
                break;
            }
        }

        // An invalidation between the version check and the write must still win.
        if (Version != observedVersion)
        {
            Remove(key);
        }
    }

    private void Remove(Key key)
    {
        if (slots.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref count);
        }
    }

    /// <summary>Removes expired entries, then arbitrary ones down to 90% of capacity; one trimmer at a time.</summary>
    private void Trim(DateTimeOffset now)
    {
        if (!trimLock.TryEnter())
        {
            return;
        }

        try
        {
            foreach (var (key, variants) in slots)
            {
                if (variants.All(v => v.ValidUntil <= now))
                {
                    Remove(key);
                }
            }

            var target = capacity - Math.Max(1, capacity / 10);
            foreach (var key in slots.Keys)
            {
                if (Count <= target)
                {
                    break;
                }

                Remove(key);
            }
        }
        finally
        {
            trimLock.Exit();
        }
    }

    private readonly record struct Key(string CaId, string Serial);

    private sealed record Variant(byte[] CertId, string ResponderSerial, byte[] Response, DateTimeOffset ValidUntil);
}
