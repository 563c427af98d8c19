using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Ca.Core.Issuance;

/// <summary>
/// Which signature algorithms a CSR may be signed with, checked before the signature is verified: a
/// SHA-1 or MD5 proof of possession is forgeable by collision, and an algorithm of another key family
/// (sha256WithRSA over an EC key) is a malformed request, not something for a verifier to trip over.
/// </summary>
public static class CsrSignaturePolicy
{
    private enum Family
    {
        Rsa,
        Ec,
        Ed25519,
    }

    private static readonly Dictionary<DerObjectIdentifier, Family> Accepted = new()
    {
        [PkcsObjectIdentifiers.Sha256WithRsaEncryption] = Family.Rsa,
        [PkcsObjectIdentifiers.Sha384WithRsaEncryption] = Family.Rsa,
        [PkcsObjectIdentifiers.Sha512WithRsaEncryption] = Family.Rsa,
        [PkcsObjectIdentifiers.IdRsassaPss] = Family.Rsa,
        [X9ObjectIdentifiers.ECDsaWithSha256] = Family.Ec,
        [X9ObjectIdentifiers.ECDsaWithSha384] = Family.Ec,
        [X9ObjectIdentifiers.ECDsaWithSha512] = Family.Ec,
        [EdECObjectIdentifiers.id_Ed25519] = Family.Ed25519,
    };

    private static readonly HashSet<DerObjectIdentifier> Weak =
    [
        PkcsObjectIdentifiers.MD2WithRsaEncryption,
        PkcsObjectIdentifiers.MD4WithRsaEncryption,
        PkcsObjectIdentifiers.MD5WithRsaEncryption,
        PkcsObjectIdentifiers.Sha1WithRsaEncryption,
        OiwObjectIdentifiers.Sha1WithRsa,
        OiwObjectIdentifiers.MD5WithRsa,
        X9ObjectIdentifiers.ECDsaWithSha1,
        X9ObjectIdentifiers.IdDsaWithSha1,
        OiwObjectIdentifiers.DsaWithSha1,
    ];

    private static readonly HashSet<DerObjectIdentifier> PssHashes = [NistObjectIdentifiers.IdSha256, NistObjectIdentifiers.IdSha384, NistObjectIdentifiers.IdSha512];

    /// <summary>Throws a 422 unless <paramref name="algorithm"/> is a strong algorithm of the key's own family.</summary>
    public static void Check(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo publicKey)
    {
        var oid = algorithm.Algorithm;
        if (Weak.Contains(oid))
        {
            throw CaException.Unprocessable("csr-signature-weak",
                $"The CSR is signed with {oid.Id} (SHA-1 or MD5), which no longer proves possession of the key; sign it with SHA-256 or stronger.", "csr");
        }

        if (!Accepted.TryGetValue(oid, out var family) || (oid.Equals(PkcsObjectIdentifiers.IdRsassaPss) && !IsStrongPss(algorithm.Parameters)))
        {
            throw CaException.Unprocessable("csr-signature-algorithm-unsupported",
                $"The CSR's signature algorithm {oid.Id} is not accepted. Use ECDSA or RSA with SHA-256/384/512, RSASSA-PSS with SHA-256 or stronger, or Ed25519.", "csr");
        }

        var keyOid = publicKey.Algorithm.Algorithm;
        var keyFamily = keyOid.Equals(PkcsObjectIdentifiers.RsaEncryption) ? Family.Rsa
            : keyOid.Equals(X9ObjectIdentifiers.IdECPublicKey) ? Family.Ec
            : keyOid.Equals(EdECObjectIdentifiers.id_Ed25519) ? Family.Ed25519
            : (Family?)null;
        if (keyFamily != family)
        {
            throw CaException.Unprocessable("csr-signature-algorithm-mismatch",
                $"The CSR's signature algorithm {oid.Id} does not belong to its {keyOid.Id} public key.", "csr");
        }
    }

    private static bool IsStrongPss(Asn1Encodable? parameters)
    {
        try
        {
            // Absent parameters mean SHA-1 (RFC 4055 3.1).
            return parameters is not null && PssHashes.Contains(RsassaPssParameters.GetInstance(parameters).HashAlgorithm.Algorithm);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return false;
        }
    }
}
