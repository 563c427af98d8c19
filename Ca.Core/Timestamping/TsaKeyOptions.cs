namespace Ca.Core.Timestamping;

/// <summary>
/// How the service's own TSA key is kept (<c>Pki:Tsa</c>, beside <see cref="TsaOptions"/>): which CA
/// certifies it, its name and algorithm, and how long before expiry it is replaced. Rolled over early
/// because a token is only as verifiable as the certificate that signed it is valid at genTime.
/// </summary>
public sealed class TsaKeyOptions
{
    /// <summary>The issuing CA of the TSA certificate; null means the hierarchy's default issuing CA.</summary>
    public string? CaId { get; set; }

    /// <summary>Subject attributes of the TSA certificate (also the token's <c>tsa</c> name).</summary>
    public Dictionary<string, string> Subject { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CN"] = "PkiService Time-Stamping Authority",
        ["O"] = "PkiService",
        ["C"] = "TH",
    };

    /// <summary>Key algorithm wire name (ECDSA-P256 by default: small tokens, fast signing).</summary>
    public string KeyAlgorithm { get; set; } = "ECDSA-P256";

    /// <summary>Lifetime of a TSA certificate in days (clamped to the issuing CA's).</summary>
    public int ValidityDays { get; set; } = 365;

    /// <summary>A new key is created when the current certificate has fewer days left than this.</summary>
    public int RolloverDays { get; set; } = 30;

    /// <summary>
    /// certificatePolicies of the TSA certificate; unset means <see cref="Profiles.ServicePolicyOids.TimeStampingCertificate"/>.
    /// Not the token policy (<see cref="TsaOptions.PolicyOid"/>): this one says under which rules the certificate was issued.
    /// </summary>
    public List<string>? CertificatePolicyOids { get; set; }
}
