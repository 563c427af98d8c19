using Ca.Core.Documents;
using Ca.Core.Validation;

namespace Ca.Api.Contracts;

/// <summary>An admin's request for a new e-seal.</summary>
public sealed record CreateSignerBody
{
    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Subject attributes: CN, O, C required; OU, ST, L, serialNumber, organizationIdentifier, emailAddress allowed.</summary>
    public Dictionary<string, string>? Subject { get; init; }

    /// <summary>ECDSA-P256 (default), ECDSA-P384, RSA-2048, RSA-3072, RSA-4096, Ed25519.</summary>
    public string? KeyAlgorithm { get; init; }

    /// <summary>The account that may sign with it (default: the caller).</summary>
    public string? Owner { get; init; }

    /// <summary>The seal owner's mailbox (rfc822Name SAN); with it the certificate also carries emailProtection, which NSS-based verifiers such as pdfsig require.</summary>
    public string? Email { get; init; }

    /// <summary>Certificate lifetime in days (default: the profile's).</summary>
    public int? ValidityDays { get; init; }
}

/// <summary>The signer's certificate.</summary>
public sealed record SignerCertificateResponse(string SerialNumber, string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Pem);

/// <summary>An e-seal as clients see it: never the key.</summary>
public sealed record SignerResponse(string Id, string Name, string Owner, string CaId, string KeyAlgorithm, bool Active, DateTimeOffset CreatedAt, SignerCertificateResponse Certificate)
{
    public static SignerResponse From(DocumentSigner s) => new(
        s.Id,
        s.Name,
        s.Owner,
        s.CaId,
        Ca.Core.Keys.KeyAlgorithmNames.ToName(s.Algorithm),
        s.Active,
        s.CreatedAt,
        new SignerCertificateResponse(s.SerialNumber, s.Certificate.SubjectDN.ToString(), s.Certificate.IssuerDN.ToString(), s.NotBefore, s.NotAfter, s.CertificatePem));
}

/// <summary>A certificate to validate (JSON form of <c>POST /api/v1/certificates/verify</c>).</summary>
public sealed record VerifyCertificateBody
{
    /// <summary>The certificate in PEM.</summary>
    public string? Certificate { get; init; }

    /// <summary>Intermediates in PEM (optional; our own CA certificates are known).</summary>
    public List<string>? Chain { get; init; }

    /// <summary>Validate at this time instead of now (ISO 8601).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>The caller's own validation policy (anchors, trust list, EKUs, depth, time, revocation mode and data); today's defaults when absent.</summary>
    public Ca.Core.Validation.Policy.ValidationPolicyInput? Policy { get; init; }
}

/// <summary>A certificate in a report.</summary>
public sealed record CertificateIdentityResponse(string Subject, string SerialNumber, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public static CertificateIdentityResponse? From(CertificateIdentity? c) =>
        c is null ? null : new(c.Subject, c.SerialNumber, c.Issuer, c.NotBefore, c.NotAfter);
}

/// <summary>
/// A validation report (ETSI EN 319 102-1 vocabulary: PASSED / FAILED / INDETERMINATE). For documents the
/// top level is the overall verdict (the weakest signature decides) and <c>signatures</c> holds one report per
/// signature, each with its own <c>counterSignatures</c>, and for PDF and XML what it covers.
/// </summary>
public sealed record ValidationReportResponse(
    string Indication,
    string? SubIndication,
    string Message,
    CertificateIdentityResponse? Signer,
    DateTimeOffset? SigningTime,
    DateTimeOffset? TimestampTime,
    CertificateIdentityResponse? TimestampAuthority,
    DateTimeOffset ValidationTime,
    IReadOnlyList<CertificateIdentityResponse> Chain,
    DateTimeOffset? RevocationTime,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> WarningCodes,
    string? SignatureId = null,
    string? Format = null,
    IReadOnlyList<ValidationReportResponse>? Signatures = null,
    IReadOnlyList<ValidationReportResponse>? CounterSignatures = null,
    PdfSignatureScope? Pdf = null,
    XmlSignatureScope? Xml = null,
    AppliedPolicyResponse? Policy = null,
    IReadOnlyList<RevocationEvidenceResponse>? Revocation = null)
{
    public static ValidationReportResponse From(ValidationReport r) => new(
        r.Indication.ToEtsiName(),
        r.SubIndication?.ToEtsiName(),
        r.Message,
        CertificateIdentityResponse.From(r.Signer),
        r.SigningTime,
        r.TimestampTime,
        CertificateIdentityResponse.From(r.TimestampAuthority),
        r.ValidationTime,
        r.Chain.Select(c => CertificateIdentityResponse.From(c)!).ToList(),
        r.RevocationTime,
        r.Warnings.Select(w => w.Message).ToList(),
        r.Warnings.Select(w => w.Code).ToList(),
        r.SignatureId,
        r.Format,
        r.Signatures.Count == 0 ? null : r.Signatures.Select(From).ToList(),
        r.CounterSignatures.Count == 0 ? null : r.CounterSignatures.Select(From).ToList(),
        r.Pdf,
        r.Xml,
        AppliedPolicyResponse.From(r.Policy),
        r.Revocation.Count == 0 ? null : r.Revocation.Select(RevocationEvidenceResponse.From).ToList());
}

/// <summary>The policy a report was produced under: anchors by SHA-256, the one the chain ended at, constraints, revocation mode and data.</summary>
public sealed record AppliedPolicyResponse(
    IReadOnlyList<AnchorFingerprintResponse> Anchors,
    string? AnchorUsed,
    bool ServiceAnchors,
    string? TrustList,
    IReadOnlyList<string> RequiredEku,
    int? MaxPathLength,
    string Revocation,
    int SuppliedCrls,
    int SuppliedOcspResponses,
    bool OnlineRevocation)
{
    public static AppliedPolicyResponse? From(Ca.Core.Validation.Policy.AppliedPolicy? p) => p is null ? null : new(
        p.Anchors.Select(a => new AnchorFingerprintResponse(a.Subject, a.Sha256)).ToList(),
        p.AnchorUsed,
        p.ServiceAnchors,
        p.TrustList,
        p.RequiredEku,
        p.MaxPathLength,
        p.Revocation.ToString().ToLowerInvariant(),
        p.SuppliedCrls,
        p.SuppliedOcspResponses,
        p.OnlineRevocation);
}

/// <summary>An anchor: subject and SHA-256 (hex) of its certificate.</summary>
public sealed record AnchorFingerprintResponse(string Subject, string Sha256);

/// <summary>
/// One revocation answer: for which certificate, GOOD/REVOKED/UNKNOWN, and its source (<c>database</c>, <c>ocsp</c>
/// with the responder URL, <c>crl</c> with the URL and CRL number, <c>caller-crl</c>, <c>caller-ocsp</c>, <c>document</c>)
/// with thisUpdate, nextUpdate and producedAt; <c>responderCheck</c> says how a delegated OCSP responder's own
/// certificate was vouched for (id-pkix-ocsp-nocheck, or the CRL showing it not revoked); <c>detail</c> says why when
/// UNKNOWN, or which evidence was not used before the answer given.
/// </summary>
public sealed record RevocationEvidenceResponse(
    CertificateIdentityResponse? Certificate,
    string Status,
    string? Source,
    string? Location,
    string? CrlNumber,
    string? SignedBy,
    DateTimeOffset? ThisUpdate,
    DateTimeOffset? NextUpdate,
    DateTimeOffset? ProducedAt,
    string? ResponderCheck,
    DateTimeOffset? RevocationTime,
    DateTimeOffset CheckedAt,
    string? Detail)
{
    public static RevocationEvidenceResponse From(Ca.Core.Validation.Policy.RevocationEvidence e) => new(
        CertificateIdentityResponse.From(e.Certificate),
        e.Status.ToString().ToUpperInvariant(),
        e.Source?.Origin switch
        {
            null => null,
            RevocationOrigin.Database => "database",
            RevocationOrigin.Ocsp => "ocsp",
            RevocationOrigin.Crl => "crl",
            RevocationOrigin.CallerCrl => "caller-crl",
            RevocationOrigin.CallerOcsp => "caller-ocsp",
            _ => "document",
        },
        e.Source?.Location,
        e.Source?.CrlNumber,
        e.Source?.Issuer,
        e.Source?.ThisUpdate,
        e.Source?.NextUpdate,
        e.Source?.ProducedAt,
        e.Source?.ResponderCheck,
        e.RevocationTime,
        e.CheckedAt,
        e.Detail);
}

/// <summary>A configured trust list: its name and anchors.</summary>
public sealed record TrustListResponse(string Name, IReadOnlyList<AnchorFingerprintResponse> Anchors);
