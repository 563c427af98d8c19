using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>A chain proposed by <see cref="CertificatePathBuilder"/>: an anchor plus certificates down to the target.</summary>
/// <param name="Anchor">The trust anchor that issued <c>Chain[0]</c>.</param>
/// <param name="Chain">Certificates from the one issued by the anchor down to the target.</param>
public sealed record CandidatePath(ValidationTrustAnchor Anchor, IReadOnlyList<X509Certificate> Chain);
