namespace Ca.Core.Profiles;

/// <summary>The profiles in force: built-ins with configuration applied.</summary>
public interface IProfileCatalog
{
    /// <summary>All profiles, ordered by name.</summary>
    IReadOnlyList<CertificateProfile> All { get; }

    /// <summary>Finds a profile by its exact name.</summary>
    CertificateProfile? Find(string name);
}
