namespace Ca.Core.Authorities;

/// <summary>
/// The CA hierarchy created on first start (<c>Pki:Hierarchy</c>). Existing CAs are never changed by
/// configuration; an issuing CA added here later is created at the next start.
/// </summary>
public sealed class HierarchyOptions
{
    /// <summary>The self-signed root.</summary>
    public AuthorityOptions Root { get; set; } = new()
    {
        Id = "root-ca",
        Subject = new() { ["CN"] = "PkiService Root CA", ["O"] = "PkiService", ["C"] = "TH" },
        KeyAlgorithm = "ECDSA-P384",
        ValidityYears = 20,
    };

    /// <summary>Issuing CAs signed by the root, by id. When none are configured, <c>issuing-ca</c> is created.</summary>
    public Dictionary<string, AuthorityOptions> IssuingCas { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The issuing CA used when neither the request nor the profile names one.</summary>
    public string DefaultIssuingCaId { get; set; } = "issuing-ca";

    /// <summary>The default issuing CA's settings, used when <see cref="IssuingCas"/> is empty.</summary>
    public static AuthorityOptions DefaultIssuing() => new()
    {
        Id = "issuing-ca",
        Subject = new() { ["CN"] = "PkiService Issuing CA 1", ["O"] = "PkiService", ["C"] = "TH" },
        KeyAlgorithm = "ECDSA-P256",
        ValidityYears = 10,
    };
}

/// <summary>One CA's creation settings.</summary>
public sealed class AuthorityOptions
{
    /// <summary>Slug; filled from the dictionary key for issuing CAs.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Subject attributes by short name (CN, O, C ...).</summary>
    public Dictionary<string, string> Subject { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Key algorithm wire name.</summary>
    public string KeyAlgorithm { get; set; } = "ECDSA-P256";

    /// <summary>Certificate lifetime.</summary>
    public int ValidityYears { get; set; } = 10;

    /// <summary>pathLenConstraint for an issuing CA (0: may issue only end entities).</summary>
    public int PathLength { get; set; }
}
