using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Ca.Core.Revocation;
using Org.BouncyCastle.X509;

namespace Ca.Api.Contracts;

/// <summary>A CA as shown to clients (never its key).</summary>
public sealed record AuthorityResponse(
    string Id,
    string Name,
    string? ParentId,
    string Status,
    string KeyAlgorithm,
    string Subject,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool IsRoot,
    string CertificateUrl,
    string CrlUrl,
    bool KeyOnline = true,
    string? KeyStorage = null)
{
    /// <summary>The CA as shown; <paramref name="keyOnline"/> false for a key kept offline (signs only in a key ceremony), <paramref name="keyStorage"/> software or pkcs11.</summary>
    public static AuthorityResponse From(AuthorityRecord record, PublicUrls urls, bool keyOnline = true, string? keyStorage = null)
    {
        var certificate = new X509Certificate(record.CertificateDer);
        return new AuthorityResponse(
            record.Id,
            record.Name,
            record.ParentId,
            record.Status.ToString().ToLowerInvariant(),
            record.KeyAlgorithm.ToName(),
            certificate.SubjectDN.ToString(),
            Ca.Core.Common.SerialNumber.From(certificate.SerialNumber).Hex,
            Utc(certificate.NotBefore),
            Utc(certificate.NotAfter),
            record.ParentId is null,
            urls.CaCertificate(record.Id),
            urls.Crl(record.Id),
            keyOnline,
            keyStorage);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>A profile as shown to requesters.</summary>
public sealed record ProfileResponse(
    string Name,
    string Description,
    IReadOnlyList<string> AllowedKeyAlgorithms,
    int MinimumRsaKeySize,
    IReadOnlyList<string> KeyUsages,
    IReadOnlyList<string> ExtendedKeyUsages,
    int MaxValidityDays,
    int DefaultValidityDays,
    IReadOnlyList<string> RequiredSubjectAttributes,
    IReadOnlyList<string> AllowedSubjectAttributes,
    bool RequireSubjectAltName,
    IReadOnlyList<string> AllowedSanTypes,
    bool AllowWildcardDnsNames,
    bool RequiresApproval,
    bool AllowServerKeyGeneration,
    IReadOnlyList<string> PolicyOids,
    bool BaselineRequirements)
{
    public static ProfileResponse From(CertificateProfile p) => new(
        p.Name,
        p.Description,
        p.AllowedKeyAlgorithms.Select(a => a.ToName()).ToList(),
        p.MinimumRsaKeySize,
        p.KeyUsages.Select(k => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..]).ToList(),
        p.ExtendedKeyUsages,
        p.MaxValidityDays,
        p.DefaultValidityDays,
        p.RequiredSubjectAttributes,
        p.AllowedSubjectAttributes,
        p.RequireSubjectAltName,
        p.AllowedSanTypes.Select(t => t.ToString().ToLowerInvariant()).ToList(),
        p.AllowWildcardDnsNames,
        p.RequiresApproval,
        p.AllowServerKeyGeneration,
        p.PolicyOids,
        p.BaselineRequirements);
}

/// <summary>An issued certificate.</summary>
public sealed record CertificateResponse(
    string SerialNumber,
    string IssuerId,
    string Subject,
    IReadOnlyList<string> Sans,
    string Profile,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Status,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    Guid? RequestId,
    string Pem)
{
    public static CertificateResponse From(IssuedCertificateRecord c, Func<int, string>? reasonName = null) => new(
        c.SerialNumber,
        c.IssuerId,
        c.Subject,
        c.Sans,
        c.Profile,
        c.NotBefore,
        c.NotAfter,
        c.Status switch { CertificateStatus.OnHold => "onHold", var s => s.ToString().ToLowerInvariant() },
        c.Status == CertificateStatus.Valid ? null : c.RevokedAt,
        c.Status != CertificateStatus.Valid && c.RevocationReason is { } r ? reasonName?.Invoke(r) ?? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        c.RequestId,
        Ca.Core.Common.Pem.Encode("CERTIFICATE", c.Der));
}

/// <summary>A certificate request and, once issued, its certificate.</summary>
public sealed record CertificateRequestResponse(
    Guid Id,
    string Status,
    string Profile,
    string CaId,
    IReadOnlyDictionary<string, string> Subject,
    IReadOnlyList<string> Sans,
    int ValidityDays,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? RejectionReason,
    CertificateResponse? Certificate,
    string? Pkcs12)
{
    public static CertificateRequestResponse From(CertificateRequestRecord r, IssuedCertificateRecord? certificate, byte[]? pkcs12 = null) => new(
        r.Id,
        r.Status.ToString().ToLowerInvariant(),
        r.Profile,
        r.CaId,
        r.Subject.ToDictionary(a => a.Type, a => a.Value),
        r.Sans.Select(s => s.ToString()).ToList(),
        r.ValidityDays,
        r.SubmittedAt,
        r.DecidedAt,
        r.DecidedBy,
        r.Status == RequestStatus.Rejected ? r.DecisionReason : null,
        certificate is null ? null : CertificateResponse.From(certificate),
        pkcs12 is null ? null : Convert.ToBase64String(pkcs12));
}

/// <summary>A page of results.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
