namespace Ca.Core.Issuance.Linting;

/// <summary>What a certificate is meant to be, as the lint judges it.</summary>
/// <param name="Kind">Root, CA, subscriber, OCSP responder or TSA.</param>
/// <param name="BaselineRequirements">Whether the CA/B Forum TLS Baseline Requirements apply (the tls-server profile).</param>
/// <param name="PolicyOids">Policy OIDs the profile promises; every one must be in certificatePolicies.</param>
public sealed record LintProfile(CertificateKind Kind, bool BaselineRequirements, IReadOnlyList<string> PolicyOids)
{
    /// <summary>A self-signed root.</summary>
    public static LintProfile Root { get; } = new(CertificateKind.Root, false, []);

    /// <summary>An issuing CA under anyPolicy.</summary>
    public static LintProfile SubordinateCa { get; } = new(CertificateKind.SubordinateCa, false, ["2.5.29.32.0"]);
}
