using Ca.Core.Keys;

namespace Ca.Core.Authorities;

/// <summary>A CA as stored: its certificate and its private key, encrypted under the KEK or located on a token.</summary>
/// <param name="Id">Stable slug used in URLs (<c>root-ca</c>, <c>issuing-ca</c>).</param>
/// <param name="Name">Display name (the subject CN).</param>
/// <param name="ParentId">The issuer's id; null for a root.</param>
/// <param name="CertificateDer">The CA certificate.</param>
/// <param name="ProtectedKey">The key's stored form (<see cref="IKeyProvider"/>): PKCS#8 encrypted by <see cref="IKeyProtector"/>, or the RFC 7512 URI of a token object; never a key in clear.</param>
/// <param name="KeyAlgorithm">The key's algorithm.</param>
/// <param name="Status">Whether it may issue.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When its certificate was revoked by its parent, if it was.</param>
/// <param name="RevocationReason">The CRLReason code of that revocation.</param>
public sealed record AuthorityRecord(
    string Id,
    string Name,
    string? ParentId,
    byte[] CertificateDer,
    byte[] ProtectedKey,
    KeyAlgorithm KeyAlgorithm,
    AuthorityStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null,
    int? RevocationReason = null);
