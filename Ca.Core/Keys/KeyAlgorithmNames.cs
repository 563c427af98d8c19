using System.Diagnostics.CodeAnalysis;

namespace Ca.Core.Keys;

/// <summary>
/// The wire names of <see cref="KeyAlgorithm"/> used in configuration, profiles and the REST API,
/// so that operators write <c>ECDSA-P256</c> rather than an enum ordinal.
/// </summary>
public static class KeyAlgorithmNames
{
    private static readonly Dictionary<KeyAlgorithm, string> Names = new()
    {
        [KeyAlgorithm.EcdsaP256] = "ECDSA-P256",
        [KeyAlgorithm.EcdsaP384] = "ECDSA-P384",
        [KeyAlgorithm.Rsa2048] = "RSA-2048",
        [KeyAlgorithm.Rsa3072] = "RSA-3072",
        [KeyAlgorithm.Rsa4096] = "RSA-4096",
        [KeyAlgorithm.Ed25519] = "Ed25519",
    };

    private static readonly Dictionary<string, KeyAlgorithm> ByName = BuildLookup();

    /// <summary>All wire names, in declaration order.</summary>
    public static IReadOnlyCollection<string> All => Names.Values;

    /// <summary>The wire name of an algorithm.</summary>
    public static string ToName(this KeyAlgorithm algorithm) => Names[algorithm];

    /// <summary>Parses a wire name; case, dashes and underscores are ignored ("ecdsa_p256", "P-256").</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out KeyAlgorithm? algorithm)
    {
        algorithm = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        if (ByName.TryGetValue(Normalize(name), out var found))
        {
            algorithm = found;
            return true;
        }

        return false;
    }

    /// <summary>Parses a wire name or throws <see cref="FormatException"/> naming the accepted values.</summary>
    public static KeyAlgorithm Parse(string name) =>
        TryParse(name, out var algorithm)
            ? algorithm.Value
            : throw new FormatException($"Unknown key algorithm '{name}'. Supported: {string.Join(", ", All)}.");

    private static Dictionary<string, KeyAlgorithm> BuildLookup()
    {
        var lookup = new Dictionary<string, KeyAlgorithm>(StringComparer.Ordinal);
        foreach (var (algorithm, name) in Names)
        {
            lookup[Normalize(name)] = algorithm;
            lookup[Normalize(algorithm.ToString())] = algorithm;
        }

        lookup[Normalize("P-256")] = KeyAlgorithm.EcdsaP256;
        lookup[Normalize("EC-P256")] = KeyAlgorithm.EcdsaP256;
        lookup[Normalize("P-384")] = KeyAlgorithm.EcdsaP384;
        lookup[Normalize("EC-P384")] = KeyAlgorithm.EcdsaP384;
        return lookup;
    }

    private static string Normalize(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
