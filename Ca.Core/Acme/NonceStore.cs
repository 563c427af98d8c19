using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ca.Core.Acme.Jws;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme;

/// <summary>Anti-replay nonces (RFC 8555 6.5): each one issued is redeemable once, for a limited time.</summary>
public interface INonceStore
{
    /// <summary>A fresh nonce.</summary>
    string Issue();

    /// <summary>Redeems a nonce; false when it is unknown, expired or already used.</summary>
    bool TryRedeem(string? nonce);
}

/// <summary>
/// Nonces in this process's memory: 128 random bits each, forgotten when redeemed, expired, or when
/// too many are outstanding (oldest first). Behind a load balancer without affinity a client may get
/// badNonce from another instance and simply retries with the nonce that error carries (RFC 8555
/// 6.5: clients must retry badNonce), as Boulder's per-instance nonce services also rely on.
/// </summary>
public sealed class MemoryNonceStore : INonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> outstanding = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Nonce, DateTimeOffset Expires)> order = new();
    private readonly TimeProvider clock;
    private readonly AcmeOptions options;

    /// <summary>Creates the store.</summary>
    public MemoryNonceStore(TimeProvider clock, IOptions<AcmeOptions> options)
    {
        this.clock = clock;
        this.options = options.Value;
    }

    /// <inheritdoc />
    public string Issue()
    {
        var nonce = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow() + options.NonceLifetime;
        outstanding[nonce] = expires;
        order.Enqueue((nonce, expires));
        Trim();
        return nonce;
    }

    /// <inheritdoc />
    public bool TryRedeem(string? nonce) =>
        nonce is { Length: > 0 and < 100 } && outstanding.TryRemove(nonce, out var expires) && expires > clock.GetUtcNow();

    private void Trim()
    {
        var now = clock.GetUtcNow();
        while (order.TryPeek(out var oldest) && (oldest.Expires <= now || outstanding.Count > options.MaxOutstandingNonces || !outstanding.ContainsKey(oldest.Nonce)))
        {
            if (!order.TryDequeue(out oldest))
            {
                break;
            }

            outstanding.TryRemove(oldest.Nonce, out _);
        }
    }
}
