using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Ca.Core.Acme.Jws;

/// <summary>
/// An account's public key as a JWK (RFC 7517): EC P-256/P-384, RSA (2048 bits and up) or Ed25519.
/// Keys are compared by their RFC 7638 thumbprint, which is also the key authorization's suffix.
/// </summary>
public sealed class JsonWebKey
{
    private const int MinimumRsaBits = 2048;
    private readonly SortedDictionary<string, string> members;

    private JsonWebKey(SortedDictionary<string, string> members)
    {
        this.members = members;
        Canonical = JsonSerializer.Serialize(members);
        Thumbprint = Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));
    }

    /// <summary>EC, RSA or OKP.</summary>
    public string KeyType => members["kty"];

    /// <summary>The curve of an EC or OKP key.</summary>
    public string? Curve => members.GetValueOrDefault("crv");

    /// <summary>The required members in lexicographic order without whitespace (RFC 7638 3): stored as the account key.</summary>
    public string Canonical { get; }

    /// <summary>RFC 7638 SHA-256 thumbprint, base64url.</summary>
    public string Thumbprint { get; }

    /// <summary>Parses a JWK; anything unsupported or malformed is badPublicKey.</summary>
    public static JsonWebKey Parse(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw Bad("The jwk must be a JSON object.");
        }

        var kty = Member(jwk, "kty");
        var key = kty switch
        {
            "EC" => Ec(jwk),
            "RSA" => Rsa(jwk),
            "OKP" => Okp(jwk),
            _ => throw Bad($"Key type '{kty}' is not supported; use EC (P-256, P-384), RSA or OKP (Ed25519)."),
        };
        key.CheckUsable();
        return key;
    }

    /// <summary>Parses the canonical JSON stored for an account.</summary>
    public static JsonWebKey Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    /// <summary>The JWK of a certificate's or CSR's public key (to compare with a JWS signer).</summary>
    public static JsonWebKey? FromSubjectPublicKeyInfo(SubjectPublicKeyInfo info)
    {
        var key = PublicKeyFactory.CreateKey(info);
        var members = new SortedDictionary<string, string>(StringComparer.Ordinal);
        switch (key)
        {
            case ECPublicKeyParameters ec:
                var size = (ec.Parameters.Curve.FieldSize + 7) / 8;
                members["kty"] = "EC";
                members["crv"] = size switch { 32 => "P-256", 48 => "P-384", 66 => "P-521", _ => "unknown" };
                members["x"] = Base64Url.Encode(ec.Q.Normalize().AffineXCoord.GetEncoded());
                members["y"] = Base64Url.Encode(ec.Q.Normalize().AffineYCoord.GetEncoded());
                break;
            case RsaKeyParameters rsa:
                members["kty"] = "RSA";
                members["n"] = Base64Url.Encode(rsa.Modulus.ToByteArrayUnsigned());
                members["e"] = Base64Url.Encode(rsa.Exponent.ToByteArrayUnsigned());
                break;
            case Ed25519PublicKeyParameters ed:
                members["kty"] = "OKP";
                members["crv"] = "Ed25519";
                members["x"] = Base64Url.Encode(ed.GetEncoded());
                break;
            default:
                return null;
        }

        return new JsonWebKey(members);
    }

    /// <summary>
    /// Verifies a JWS signature. The algorithm must fit the key (ES256 needs P-256, ES384 P-384,
    /// RS256 RSA, EdDSA Ed25519); a mismatch is badSignatureAlgorithm, not a silent failure.
    /// </summary>
    public bool Verify(string algorithm, byte[] signingInput, byte[] signature)
    {
        switch (algorithm, KeyType, Curve)
        {
            case ("ES256", "EC", "P-256"):
                using (var ec = ImportEc(ECCurve.NamedCurves.nistP256))
                {
                    return signature.Length == 64 && ec.VerifyData(signingInput, signature, HashAlgorithmName.SHA256);
                }

            case ("ES384", "EC", "P-384"):
                using (var ec = ImportEc(ECCurve.NamedCurves.nistP384))
                {
                    return signature.Length == 96 && ec.VerifyData(signingInput, signature, HashAlgorithmName.SHA384);
                }

            case ("RS256", "RSA", _):
                using (var rsa = ImportRsa())
                {
                    return rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }

            case ("EdDSA", "OKP", "Ed25519"):
                var signer = new Ed25519Signer();
                signer.Init(false, new Ed25519PublicKeyParameters(Bytes("x")));
                signer.BlockUpdate(signingInput, 0, signingInput.Length);
                return signature.Length == 64 && signer.VerifySignature(signature);
            default:
                throw new AcmeException(AcmeErrors.BadSignatureAlgorithm, $"Algorithm {algorithm} does not fit this {KeyType} {Curve} key.");
        }
    }

    /// <summary>The algorithms a JWS may use here.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["ES256", "ES384", "RS256", "EdDSA"];

    private void CheckUsable()
    {
        try
        {
            switch (KeyType, Curve)
            {
                case ("EC", "P-256"):
                    ImportEc(ECCurve.NamedCurves.nistP256).Dispose();
                    break;
                case ("EC", "P-384"):
                    ImportEc(ECCurve.NamedCurves.nistP384).Dispose();
                    break;
                case ("RSA", _):
                    using (var rsa = ImportRsa())
                    {
                        if (rsa.KeySize < MinimumRsaBits)
                        {
                            throw Bad($"RSA keys must have at least {MinimumRsaBits} bits.");
                        }
                    }

                    break;
                case ("OKP", "Ed25519"):
                    if (Bytes("x").Length != 32)
                    {
                        throw Bad("An Ed25519 key is 32 bytes.");
                    }

                    break;
                default:
                    throw Bad($"Curve '{Curve}' is not supported; use P-256, P-384 or Ed25519.");
            }
        }
        catch (CryptographicException e)
        {
            throw new AcmeException(AcmeErrors.BadPublicKey, "The jwk is not a valid public key.", inner: e);
        }
    }

    private ECDsa ImportEc(ECCurve curve) => ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Bytes("x"), Y = Bytes("y") } });

    private RSA ImportRsa() => RSA.Create(new RSAParameters { Modulus = Bytes("n"), Exponent = Bytes("e") });

    private byte[] Bytes(string name) => Base64Url.TryDecode(members[name]) ?? throw Bad($"jwk.{name} is not base64url.");

    private static JsonWebKey Ec(JsonElement jwk)
    {
        var crv = Member(jwk, "crv");
        var length = crv switch { "P-256" => 32, "P-384" => 48, _ => throw Bad($"Curve '{crv}' is not supported; use P-256 or P-384.") };
        var x = Coordinate(jwk, "x", length);
        var y = Coordinate(jwk, "y", length);
        return new JsonWebKey(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kty"] = "EC", ["crv"] = crv, ["x"] = x, ["y"] = y });
    }

    private static JsonWebKey Rsa(JsonElement jwk)
    {
        var n = Member(jwk, "n");
        var e = Member(jwk, "e");
        var nBytes = Base64Url.TryDecode(n) ?? throw Bad("jwk.n is not base64url.");
        var eBytes = Base64Url.TryDecode(e) ?? throw Bad("jwk.e is not base64url.");
        if (nBytes.Length == 0 || nBytes[0] == 0 || eBytes.Length == 0 || eBytes[0] == 0 || new BigInteger(eBytes, isUnsigned: true, isBigEndian: true) < 3)
        {
            throw Bad("jwk.n and jwk.e must be minimal unsigned big-endian integers.");
        }

        return new JsonWebKey(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kty"] = "RSA", ["n"] = n, ["e"] = e });
    }

    private static JsonWebKey Okp(JsonElement jwk)
    {
        var crv = Member(jwk, "crv");
        if (crv != "Ed25519")
        {
            throw Bad($"OKP curve '{crv}' is not supported; use Ed25519.");
        }

        return new JsonWebKey(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kty"] = "OKP", ["crv"] = crv, ["x"] = Coordinate(jwk, "x", 32) });
    }

    private static string Coordinate(JsonElement jwk, string name, int length)
    {
        var value = Member(jwk, name);
        var bytes = Base64Url.TryDecode(value);
        return bytes?.Length == length ? value : throw Bad($"jwk.{name} must be {length} bytes, base64url.");
    }

    private static string Member(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Bad($"jwk.{name} is missing.");

    private static AcmeException Bad(string detail) => new(AcmeErrors.BadPublicKey, detail);
}
