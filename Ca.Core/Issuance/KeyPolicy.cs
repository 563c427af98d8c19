using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Profiles;

namespace Ca.Core.Issuance;

/// <summary>Decides whether a subscriber key is acceptable for a profile: strong enough, of a kind we issue for, allowed.</summary>
public static class KeyPolicy
{
    /// <summary>Returns the key's algorithm or throws a 422 explaining why the key is refused.</summary>
    public static KeyAlgorithm Check(PublicKeyDescription key, CertificateProfile profile)
    {
        if (key.Family == "RSA" && key.Bits < profile.MinimumRsaKeySize)
        {
            throw CaException.Unprocessable("weak-key", $"{key.Display} keys are too weak; profile '{profile.Name}' requires at least RSA {profile.MinimumRsaKeySize}.", "csr");
        }

        if (key.Algorithm is not { } algorithm)
        {
            throw CaException.Unprocessable("unsupported-key", $"The key ({key.Display}) is not supported: {key.Problem ?? "use RSA 2048/3072/4096, EC P-256/P-384 or Ed25519"}.", "csr");
        }

        if (!profile.AllowedKeyAlgorithms.Contains(algorithm))
        {
            throw CaException.Unprocessable("key-not-allowed",
                $"Profile '{profile.Name}' does not allow {algorithm.ToName()} keys. Allowed: {string.Join(", ", profile.AllowedKeyAlgorithms.Select(a => a.ToName()))}.", "csr");
        }

        return algorithm;
    }
}
