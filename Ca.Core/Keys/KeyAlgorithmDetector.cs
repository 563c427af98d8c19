using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Ca.Core.Keys;

/// <summary>
/// Classifies an encoded public key into one of the algorithms we support, so a requester's key is
/// judged by what it is (curve, modulus size) and not by what a CSR claims.
/// </summary>
public static class KeyAlgorithmDetector
{
    /// <summary>Returns the algorithm, or null when the key is of a kind or size we do not accept.</summary>
    public static KeyAlgorithm? Detect(SubjectPublicKeyInfo info) => Describe(info).Algorithm;

    /// <summary>
    /// Describes the key for error messages ("RSA 1024-bit", "EC secp256k1") as well as classifying it.
    /// </summary>
    public static PublicKeyDescription Describe(SubjectPublicKeyInfo info)
    {
        var oid = info.Algorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            var rsa = RsaPublicKeyStructure.GetInstance(info.ParsePublicKey());
            var bits = rsa.Modulus.BitLength;
            KeyAlgorithm? algorithm = bits switch
            {
                2048 => KeyAlgorithm.Rsa2048,
                3072 => KeyAlgorithm.Rsa3072,
                4096 => KeyAlgorithm.Rsa4096,
                _ => null,
            };
            var exponentOk = rsa.PublicExponent.TestBit(0) && rsa.PublicExponent.BitLength >= 17 && rsa.PublicExponent.BitLength <= 256;
            return new PublicKeyDescription("RSA", bits, $"RSA {bits}-bit", exponentOk ? algorithm : null,
                exponentOk ? null : "RSA public exponent must be odd and at least 65537");
        }

        if (oid.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            var parameters = info.Algorithm.Parameters;
            if (parameters?.ToAsn1Object() is DerObjectIdentifier curve)
            {
                if (curve.Equals(SecObjectIdentifiers.SecP256r1))
                {
                    return new PublicKeyDescription("EC", 256, "EC P-256", KeyAlgorithm.EcdsaP256, null);
                }

                if (curve.Equals(SecObjectIdentifiers.SecP384r1))
                {
                    return new PublicKeyDescription("EC", 384, "EC P-384", KeyAlgorithm.EcdsaP384, null);
                }

                var name = ECNamedCurveTable.GetName(curve) ?? curve.Id;
                return new PublicKeyDescription("EC", 0, $"EC {name}", null, $"curve {name} is not supported (use P-256 or P-384)");
            }

            return new PublicKeyDescription("EC", 0, "EC explicit parameters", null, "EC keys must name their curve (RFC 5480)");
        }

        if (oid.Equals(EdECObjectIdentifiers.id_Ed25519))
        {
            return new PublicKeyDescription("Ed25519", 256, "Ed25519", KeyAlgorithm.Ed25519, null);
        }

        return new PublicKeyDescription(oid.Id, 0, $"algorithm {oid.Id}", null, $"key algorithm {oid.Id} is not supported");
    }
}

/// <summary>What a public key is, and why it is unacceptable when <see cref="Algorithm"/> is null.</summary>
/// <param name="Family">RSA, EC, Ed25519 or the raw OID.</param>
/// <param name="Bits">Modulus or field size; 0 when not meaningful.</param>
/// <param name="Display">A short human description for messages.</param>
/// <param name="Algorithm">The supported algorithm it matches, if any.</param>
/// <param name="Problem">Why it is not acceptable, when it is not a size question.</param>
public sealed record PublicKeyDescription(string Family, int Bits, string Display, KeyAlgorithm? Algorithm, string? Problem);
