namespace Ca.Core.Profiles;

/// <summary>
/// One profile as written in configuration under <c>Pki:Profiles:{name}</c>. Every property is
/// optional: a set value replaces the built-in's (a list replaces the whole list), an unset one keeps
/// it. A name that matches no built-in defines a new profile and must then set the required parts.
/// </summary>
public sealed class ProfileOptions
{
    /// <summary>See <see cref="CertificateProfile.Description"/>.</summary>
    public string? Description { get; set; }

    /// <summary>Wire names, e.g. ECDSA-P256, RSA-3072.</summary>
    public List<string>? AllowedKeyAlgorithms { get; set; }

    /// <summary>See <see cref="CertificateProfile.MinimumRsaKeySize"/>.</summary>
    public int? MinimumRsaKeySize { get; set; }

    /// <summary>keyUsage names, e.g. digitalSignature, nonRepudiation.</summary>
    public List<string>? KeyUsages { get; set; }

    /// <summary>EKU names or OIDs.</summary>
    public List<string>? ExtendedKeyUsages { get; set; }

    /// <summary>See <see cref="CertificateProfile.MaxValidityDays"/>.</summary>
    public int? MaxValidityDays { get; set; }

    /// <summary>See <see cref="CertificateProfile.DefaultValidityDays"/>.</summary>
    public int? DefaultValidityDays { get; set; }

    /// <summary>Short names of required subject attributes.</summary>
    public List<string>? RequiredSubjectAttributes { get; set; }

    /// <summary>Short names of allowed subject attributes.</summary>
    public List<string>? AllowedSubjectAttributes { get; set; }

    /// <summary>See <see cref="CertificateProfile.RequireSubjectAltName"/>.</summary>
    public bool? RequireSubjectAltName { get; set; }

    /// <summary>dns, ip, email, uri.</summary>
    public List<string>? AllowedSanTypes { get; set; }

    /// <summary>See <see cref="CertificateProfile.AllowWildcardDnsNames"/>.</summary>
    public bool? AllowWildcardDnsNames { get; set; }

    /// <summary>See <see cref="CertificateProfile.MaxSubjectAltNames"/>.</summary>
    public int? MaxSubjectAltNames { get; set; }

    /// <summary>See <see cref="CertificateProfile.CommonNameMustBeSubjectAltName"/>.</summary>
    public bool? CommonNameMustBeSubjectAltName { get; set; }

    /// <summary>See <see cref="CertificateProfile.RequiresApproval"/>.</summary>
    public bool? RequiresApproval { get; set; }

    /// <summary>See <see cref="CertificateProfile.AllowServerKeyGeneration"/>.</summary>
    public bool? AllowServerKeyGeneration { get; set; }

    /// <summary>Certificate policy OIDs (dotted), replacing the built-in's; see <see cref="CertificateProfile.PolicyOids"/>.</summary>
    public List<string>? PolicyOids { get; set; }

    /// <summary>See <see cref="CertificateProfile.BaselineRequirements"/>.</summary>
    public bool? BaselineRequirements { get; set; }

    /// <summary>See <see cref="CertificateProfile.IssuingCaId"/>.</summary>
    public string? IssuingCaId { get; set; }
}
