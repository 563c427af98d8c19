namespace Ca.Core.Acme;

/// <summary>
/// Where replay nonces (RFC 8555 6.5) live: shared by every instance of the service, so a nonce one
/// instance handed out is redeemable on any other, and redeemable once across all of them. A nonce is
/// its <see cref="ReplayNonces.NonceBytes"/> random bytes (the base64url text is only how it travels).
/// </summary>
public interface INonceStore
{
    /// <summary>Remembers a nonce until <paramref name="expires"/>.</summary>
    Task AddAsync(byte[] nonce, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the nonce and says whether it was there and unexpired at <paramref name="now"/>, in one
    /// atomic step: of two instances redeeming the same nonce at once, exactly one gets true.
    /// </summary>
    Task<bool> TryConsumeAsync(byte[] nonce, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets at most <paramref name="max"/> nonces expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}
