using Ca.Core.Keys;
using Ca.Core.Profiles.Internal;
using Microsoft.Extensions.Options;

namespace Ca.Core.Profiles;

/// <summary>
/// Merges configuration over the built-ins once, at start, and fails fast on a profile that could
/// never issue a valid certificate (unknown key usage, default validity above the maximum).
/// </summary>
public sealed class ProfileCatalog : IProfileCatalog
{
    private readonly Dictionary<string, CertificateProfile> profiles;

    /// <summary>Builds the catalog from <c>Pki:Profiles</c>.</summary>
    public ProfileCatalog(IOptions<ProfileCatalogOptions> options)
        : this(options.Value.Profiles)
    {
    }

    /// <summary>Builds the catalog from explicit overrides (tests, tools).</summary>
    public ProfileCatalog(IReadOnlyDictionary<string, ProfileOptions>? overrides)
    {
        profiles = new Dictionary<string, CertificateProfile>(BuiltInProfiles.All, StringComparer.Ordinal);
        foreach (var (name, options) in overrides ?? new Dictionary<string, ProfileOptions>())
        {
            profiles[name] = ProfileMerger.Merge(name, profiles.GetValueOrDefault(name), options);
        }

        All = profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<CertificateProfile> All { get; }

    /// <inheritdoc />
    public CertificateProfile? Find(string name) => profiles.GetValueOrDefault(name);
}

/// <summary>The <c>Pki</c> section's profile map.</summary>
public sealed class ProfileCatalogOptions
{
    /// <summary>Profiles by name; see <see cref="ProfileOptions"/>.</summary>
    public Dictionary<string, ProfileOptions> Profiles { get; set; } = new(StringComparer.Ordinal);
}
