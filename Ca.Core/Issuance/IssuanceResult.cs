namespace Ca.Core.Issuance;

/// <summary>The outcome of a submission: a pending request, or an issued certificate.</summary>
/// <param name="Request">The stored request.</param>
/// <param name="Certificate">The certificate, when issued.</param>
/// <param name="Pkcs12">For server-side key generation: key + certificate + chain, returned this once and never stored.</param>
public sealed record IssuanceResult(CertificateRequestRecord Request, IssuedCertificateRecord? Certificate, byte[]? Pkcs12 = null);
