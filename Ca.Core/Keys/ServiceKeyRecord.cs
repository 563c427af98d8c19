namespace Ca.Core.Keys;

/// <summary>What a service key is for.</summary>
public enum ServiceKeyPurpose
{
    /// <summary>Delegated OCSP responder (id-kp-OCSPSigning).</summary>
    Ocsp,
    /// <summary>Time-stamp authority (id-kp-timeStamping).</summary>
    Tsa,
    /// <summary>An agency's e-seal for signed documents.</summary>
    DocumentSigner,
}

/// <summary>
/// A key the service holds on behalf of a function (OCSP, TSA) or an agency (e-seal), with its
/// certificate. Kept exactly like CA keys (KEK-wrapped or on the token); never returned by the API.
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="Purpose">What it signs.</param>
/// <param name="CaId">The CA that issued its certificate.</param>
/// <param name="Name">Display name.</param>
/// <param name="Owner">The account that owns it (for e-seals), or the system.</param>
/// <param name="CertificateDer">Its certificate.</param>
/// <param name="ProtectedKey">The key's stored form: PKCS#8 encrypted by <see cref="IKeyProtector"/> with <paramref name="Id"/> as owner, or a token object's RFC 7512 URI.</param>
/// <param name="Algorithm">Key algorithm.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="NotAfter">The certificate's notAfter.</param>
/// <param name="Active">False once superseded by a rollover.</param>
public sealed record ServiceKeyRecord(
    string Id,
    ServiceKeyPurpose Purpose,
    string CaId,
    string Name,
    string Owner,
    byte[] CertificateDer,
    byte[] ProtectedKey,
    KeyAlgorithm Algorithm,
    DateTimeOffset CreatedAt,
    DateTimeOffset NotAfter,
    bool Active);
