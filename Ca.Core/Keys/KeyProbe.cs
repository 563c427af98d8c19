using System.Security.Cryptography;
using Ca.Core.Common;

namespace Ca.Core.Keys;

/// <summary>What signing a test digest with one key showed: it signs, it is offline by design, or it failed.</summary>
/// <param name="Owner">The CA id or service key id.</param>
/// <param name="Key">Where the key lives.</param>
/// <param name="State"><c>ok</c>, <c>offline</c> or <c>failed</c>.</param>
/// <param name="Problem">Why it failed (never key material).</param>
public sealed record KeyProbe(string Owner, string Key, string State, string? Problem = null)
{
    /// <summary>Signs a fixed message and verifies the signature with the key's public key, so a key that answers but signs garbage fails too.</summary>
    public static KeyProbe Of(string owner, ISigningKey key)
    {
        if (key is OfflineSigningKey)
        {
            return new(owner, key.Reference.ToString(), "offline");
        }

        try
        {
            var message = "pkiservice-health-probe"u8.ToArray();
            var calculator = key.SignatureFactory.CreateCalculator();
            calculator.Stream.Write(message);
            var signature = calculator.GetResult().Collect();
            var verifier = new NativeVerifierFactoryProvider(key.PublicKeyInfo).CreateVerifierFactory(key.SignatureAlgorithm).CreateCalculator();
            verifier.Stream.Write(message);
            return verifier.GetResult().IsVerified(signature)
                ? new(owner, key.Reference.ToString(), "ok")
                : new(owner, key.Reference.ToString(), "failed", "the signature does not verify with the public key");
        }
        catch (Exception e) when (e is KeyUnavailableException or CryptographicException or CaException or InvalidOperationException)
        {
            return new(owner, key.Reference.ToString(), "failed", e.Message);
        }
    }

    /// <summary>A key that could not even be opened.</summary>
    public static KeyProbe Unopenable(string owner, string key, Exception e) => new(owner, key, "failed", e.Message);
}
