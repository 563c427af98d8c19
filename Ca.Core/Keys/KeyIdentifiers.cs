using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Keys;

/// <summary>Key identifiers for SKI/AKI (RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits).</summary>
public static class KeyIdentifiers
{
    /// <summary>Computes the key identifier of a public key.</summary>
    public static byte[] Compute(SubjectPublicKeyInfo publicKey) =>
        SHA1.HashData(publicKey.PublicKey.GetBytes());

    /// <summary>A subjectKeyIdentifier extension value for the key.</summary>
    public static SubjectKeyIdentifier SubjectKeyIdentifierFor(SubjectPublicKeyInfo publicKey) => new(Compute(publicKey));
}
