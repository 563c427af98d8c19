using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Ocsp;

/// <summary>A syntactically valid OCSP request reduced to what the responder acts on.</summary>
/// <param name="CertIds">The requested CertIDs, in request order.</param>
/// <param name="Nonce">The nonce extension to echo, if the client sent one.</param>
internal sealed record ParsedOcspRequest(IReadOnlyList<CertID> CertIds, X509Extension? Nonce);
