namespace Ca.Core.Validation;

/// <summary>
/// The answer of the verification service, modelled on the ETSI EN 319 102-1 validation report:
/// an indication, why, who signed, which times were used and the chain that was built. The same
/// shape serves certificates (no signing or time-stamp times) and signatures.
/// </summary>
public sealed record ValidationReport
{
    /// <summary>PASSED, FAILED or INDETERMINATE.</summary>
    public required ValidationIndication Indication { get; init; }

    /// <summary>Why not PASSED; null when passed.</summary>
    public ValidationSubIndication? SubIndication { get; init; }

    /// <summary>A sentence for people; not for parsing.</summary>
    public required string Message { get; init; }

    /// <summary>The signer (signatures) or the certificate validated.</summary>
    public CertificateIdentity? Signer { get; init; }

    /// <summary>The signer's own signing-time attribute: a claim, never used as proof.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>genTime of a verified and trusted signature time-stamp: the proof of existence.</summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>The TSA that proved <see cref="TimestampTime"/>.</summary>
    public CertificateIdentity? TimestampAuthority { get; init; }

    /// <summary>The time the path was validated at: the time-stamp's genTime when trusted, else now (or the requested time).</summary>
    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>The chain built, target first, trust anchor last; empty when none was found.</summary>
    public IReadOnlyList<CertificateIdentity> Chain { get; init; } = [];

    /// <summary>When the failing certificate was revoked, for REVOKED and REVOKED_NO_POE.</summary>
    public DateTimeOffset? RevocationTime { get; init; }

    /// <summary>Things worth knowing that did not change the indication (an ignored invalid time-stamp), each with a stable code.</summary>
    public IReadOnlyList<ValidationWarning> Warnings { get; init; } = [];

    /// <summary>Which signature this is: <c>signer-1</c>, <c>signer-1/counter-1</c>, a PDF field name, an XML Signature Id.</summary>
    public string? SignatureId { get; init; }

    /// <summary>The signature's format and baseline level as found, e.g. <c>CAdES-BASELINE-T</c>, <c>PAdES-BASELINE-LT</c>.</summary>
    public string? Format { get; init; }

    /// <summary>
    /// On the overall report: one report per signature (every CMS SignerInfo, every PDF signature, every XML
    /// signature), in document order. The overall indication is combined from these by <see cref="OverallIndication"/>.
    /// </summary>
    public IReadOnlyList<ValidationReport> Signatures { get; init; } = [];

    /// <summary>Counter-signatures over this signature's value, each validated like a signature.</summary>
    public IReadOnlyList<ValidationReport> CounterSignatures { get; init; } = [];

    /// <summary>For PDF signatures: what the signature covers and what the file gained after it.</summary>
    public PdfSignatureScope? Pdf { get; init; }

    /// <summary>For XML signatures: what the references cover.</summary>
    public XmlSignatureScope? Xml { get; init; }

    /// <summary>The policy applied (anchors by fingerprint, revocation mode, constraints); on the top-level report.</summary>
    public Policy.AppliedPolicy? Policy { get; init; }

    /// <summary>Every revocation answer the validation relied on or looked for, with where it came from and its times.</summary>
    public IReadOnlyList<Policy.RevocationEvidence> Revocation { get; init; } = [];
}
