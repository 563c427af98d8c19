using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>A certificate to validate, with intermediates the caller has and an optional time.</summary>
/// <param name="Certificate">The certificate to validate.</param>
/// <param name="Chain">Intermediates (any order; unrelated ones are ignored).</param>
/// <param name="At">The time to validate at; now when null (the policy's <c>at</c> wins).</param>
/// <param name="Policy">The caller's validation policy; the default (our anchors, revocation required) when null.</param>
public sealed record CertificateVerificationRequest(X509Certificate Certificate, IReadOnlyList<X509Certificate> Chain, DateTimeOffset? At = null, Policy.ValidationPolicy? Policy = null);
