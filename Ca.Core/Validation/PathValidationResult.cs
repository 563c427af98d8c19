using Ca.Core.Revocation;
using Org.BouncyCastle.Crypto;

namespace Ca.Core.Validation;

/// <summary>
/// Outcome of validating one certification path: a typed failure with the offending certificate, or success with
/// the RFC 5280 6.1.6 outputs (policies, end-entity working key).
/// </summary>
public sealed record PathValidationResult
{
    private static readonly IReadOnlySet<string> NoPolicies = new HashSet<string>();

    /// <summary>True when the path satisfied every check.</summary>
    public bool IsValid => Failure == PathValidationFailure.None;

    /// <summary>Why the path was rejected, or <see cref="PathValidationFailure.None"/>.</summary>
    public PathValidationFailure Failure { get; init; }

    /// <summary>
    /// Index in the chain (0 = certificate issued by the anchor) of the certificate that failed; -1 when it is the
    /// trust anchor's own certificate.
    /// </summary>
    public int? FailingCertificateIndex { get; init; }

    /// <summary>Diagnostic text; not intended for parsing.</summary>
    public string? Message { get; init; }

    /// <summary>When the failing certificate was revoked, for <see cref="PathValidationFailure.Revoked"/>.</summary>
    public DateTimeOffset? RevocationTime { get; init; }

    /// <summary>Why the failing certificate was revoked, for <see cref="PathValidationFailure.Revoked"/>.</summary>
    public RevocationReason? RevocationReason { get; init; }

    /// <summary>
    /// Policies (in the anchor's policy domain) for which the authorities in the path vouch, before intersecting
    /// with the initial policy set; contains anyPolicy when unrestricted. Empty when no policy tree survived.
    /// </summary>
    public IReadOnlySet<string> AuthorityConstrainedPolicies { get; init; } = NoPolicies;

    /// <summary>
    /// The user-constrained policy set: authority-constrained policies intersected with the initial policy set
    /// (contains anyPolicy when both are unrestricted).
    /// </summary>
    public IReadOnlySet<string> UserConstrainedPolicies { get; init; } = NoPolicies;

    /// <summary>The end-entity key with any inherited domain parameters applied (RFC 5280 6.1.6).</summary>
    public AsymmetricKeyParameter? WorkingPublicKey { get; init; }

    /// <summary>Creates a failed result.</summary>
    /// <param name="failure">The typed reason.</param>
    /// <param name="index">Index of the failing certificate, if attributable.</param>
    /// <param name="message">Diagnostic text.</param>
    public static PathValidationResult Fail(PathValidationFailure failure, int? index, string message) =>
        new() { Failure = failure, FailingCertificateIndex = index, Message = message };

    /// <inheritdoc />
    public override string ToString() =>
        IsValid ? "Valid" : $"{Failure} at index {FailingCertificateIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}: {Message}";
}
