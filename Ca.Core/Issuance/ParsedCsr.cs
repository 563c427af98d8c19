using Ca.Core.Keys;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Issuance;

/// <summary>A PKCS#10 request whose signature has been verified (proof of possession done).</summary>
/// <param name="Der">The request as received, kept for the record.</param>
/// <param name="Subject">The subject the requester asked for (a wish, checked against the profile later).</param>
/// <param name="PublicKeyInfo">The key to certify.</param>
/// <param name="Key">What the key is.</param>
/// <param name="RequestedSans">subjectAltNames from the extensionRequest; all other requested extensions are ignored.</param>
public sealed record ParsedCsr(byte[] Der, X509Name Subject, SubjectPublicKeyInfo PublicKeyInfo, PublicKeyDescription Key, IReadOnlyList<SubjectAltName> RequestedSans);
