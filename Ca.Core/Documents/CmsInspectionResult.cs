using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// What a CMS signature claims and whether it holds cryptographically. Path validation (trust anchor,
/// revocation) is a separate step that takes <see cref="SignerCertificate"/> and the time to validate at:
/// <see cref="TimeStampTime"/> when present, since only a TSA's time is proof.
/// </summary>
/// <param name="Verdict">The cryptographic verdict.</param>
/// <param name="Message">Why, in words for a log or a user.</param>
/// <param name="SignerCertificate">The certificate matching the signer identifier, when found.</param>
/// <param name="Certificates">All certificates embedded in the SignedData.</param>
/// <param name="ClaimedSigningTime">The signer's own signing-time attribute: a claim, not proof.</param>
/// <param name="TimeStampTime">genTime of a verified signature time-stamp.</param>
/// <param name="TimeStampAuthorityCertificate">The certificate that signed the time-stamp.</param>
/// <param name="IsDetached">True when the SignedData did not carry the content.</param>
public sealed record CmsInspectionResult(
    CmsVerdict Verdict,
    string Message,
    X509Certificate? SignerCertificate,
    IReadOnlyList<X509Certificate> Certificates,
    DateTimeOffset? ClaimedSigningTime,
    DateTimeOffset? TimeStampTime,
    X509Certificate? TimeStampAuthorityCertificate,
    bool IsDetached)
{
    /// <summary>For <see cref="CmsVerdict.TimestampInvalid"/>: what is wrong with the time-stamp.</summary>
    public TimeStampProblem? TimeStampProblem { get; init; }

    /// <summary>Counter-signatures found on this signer (RFC 5652 11.4), each inspected over this signature value.</summary>
    public IReadOnlyList<CmsInspectionResult> CounterSignatures { get; init; } = [];

    /// <summary>The signature value when it verified (what a counter-signature or a PAdES DSS VRI key refers to).</summary>
    public byte[]? SignatureValue { get; init; }

    /// <summary>True when the verdict is <see cref="CmsVerdict.Ok"/>.</summary>
    public bool IsOk => Verdict == CmsVerdict.Ok;

    internal static CmsInspectionResult Format(string message) =>
        new(CmsVerdict.FormatFailure, message, null, [], null, null, null, false);
}
