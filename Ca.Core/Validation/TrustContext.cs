using Ca.Core.Validation.Policy;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>What one validation runs against: the anchors, the known CA certificates and how revocation is checked.</summary>
/// <param name="Anchors">The anchors the policy puts in effect (by default our roots plus configured extra anchors).</param>
/// <param name="Intermediates">Our own CA certificates (so a signature that omits them still chains).</param>
/// <param name="Revocation">Our database for our certificates, then the caller's data, then OCSP and CRLs of other CAs.</param>
public sealed record TrustContext(IReadOnlyList<ValidationTrustAnchor> Anchors, IReadOnlyList<X509Certificate> Intermediates, IRevocationChecker Revocation)
{
    /// <summary>The caller's policy (or the default one).</summary>
    public ValidationPolicy Policy { get; init; } = ValidationPolicy.Default;

    /// <summary>How the report names the policy.</summary>
    public AppliedPolicy? Applied { get; init; }

    /// <summary>The per-request revocation checker, whose record of answers goes into the report.</summary>
    public RequestRevocationChecker? Recorder { get; init; }

    /// <summary>The RFC 5280 inputs the policy sets, at <paramref name="time"/>.</summary>
    public PathValidationSettings SettingsAt(DateTimeOffset time) => PathValidationSettings.At(time) with
    {
        CheckRevocation = Policy.Revocation != RevocationMode.Off,
        MaxPathLength = Policy.MaxPathLength,
    };

    /// <summary>The report with the applied policy and the revocation answers added.</summary>
    public ValidationReport Describe(ValidationReport report)
    {
        var applied = Applied;
        if (applied is not null && report.Chain.Count > 0
            && Anchors.Select(a => a.Certificate).OfType<X509Certificate>().FirstOrDefault(c => CertificateIdentity.From(c) == report.Chain[^1]) is { } anchor)
        {
            applied = applied with { AnchorUsed = AnchorFingerprint.Of(anchor).Sha256 };
        }

        var evidence = Recorder?.Evidence ?? [];
        var warnings = report.Warnings;
        if (Policy.Revocation == RevocationMode.Prefer && evidence.Any(e => e.Status == RevocationStatus.Unknown))
        {
            warnings = [.. warnings, new ValidationWarning(ValidationWarningCodes.RevocationUnavailableAccepted, "Revocation status could not be determined for at least one certificate; accepted because the policy says \"prefer\" (see revocation).")];
        }

        return report with { Policy = applied, Revocation = evidence, Warnings = warnings };
    }
}
