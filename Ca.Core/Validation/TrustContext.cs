using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>What one validation runs against: the anchors, the known CA certificates and how revocation is checked.</summary>
/// <param name="Anchors">Our roots plus configured extra anchors.</param>
/// <param name="Intermediates">Our own CA certificates (so a signature that omits them still chains).</param>
/// <param name="Revocation">Our database for our certificates, then CRLs when enabled.</param>
public sealed record TrustContext(IReadOnlyList<ValidationTrustAnchor> Anchors, IReadOnlyList<X509Certificate> Intermediates, IRevocationChecker Revocation);
