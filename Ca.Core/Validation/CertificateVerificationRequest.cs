using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>A certificate to validate, with intermediates the caller has and an optional time.</summary>
/// <param name="Certificate">The certificate to validate.</param>
/// <param name="Chain">Intermediates (any order; unrelated ones are ignored).</param>
/// <param name="At">The time to validate at; now when null.</param>
public sealed record CertificateVerificationRequest(X509Certificate Certificate, IReadOnlyList<X509Certificate> Chain, DateTimeOffset? At = null);
