using System.Collections.Immutable;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// Everything a revocation checker may need about one certificate of a path. Simple checkers (e.g. a database
/// lookup by serial) only read <see cref="Certificate"/>; CRL checking also needs the issuer's key and the anchor
/// to validate separate CRL signers.
/// </summary>
public sealed record RevocationRequest
{
    /// <summary>The certificate whose status is requested.</summary>
    public required X509Certificate Certificate { get; init; }

    /// <summary>The issuing certificate, or null when the issuer is a key-only trust anchor.</summary>
    public X509Certificate? Issuer { get; init; }

    /// <summary>The issuer's distinguished name (always known, even for key-only anchors).</summary>
    public required X509Name IssuerName { get; init; }

    /// <summary>The issuer's working public key, including inherited DSA parameters.</summary>
    public required AsymmetricKeyParameter IssuerPublicKey { get; init; }

    /// <summary>The instant for which the status is requested.</summary>
    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>The trust anchor of the path being validated; CRL signer paths must chain to it.</summary>
    public required ValidationTrustAnchor TrustAnchor { get; init; }

    /// <summary>The path being validated (anchor excluded), useful as a certificate pool for CRL signers.</summary>
    public IReadOnlyList<X509Certificate> Path { get; init; } = [];

    /// <summary>
    /// <see cref="PathValidationSettings.RequireCriticalConstraints"/> of the path being validated; a CRL signer's
    /// own path is held to the same profile.
    /// </summary>
    public bool RequireCriticalConstraints { get; init; } = true;

    /// <summary>Certificates whose revocation check is already under way up the call stack (loop guard).</summary>
    internal ImmutableHashSet<CertificateKey> InProgress { get; init; } = ImmutableHashSet<CertificateKey>.Empty;
}
