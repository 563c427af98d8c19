using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ca.Core.Acme;
using Ca.Core.Acme.Jws;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Ca.Tests.Acme;

/// <summary>Account keys as JWKs: the four JWS algorithms, their key checks and RFC 7638 thumbprints.</summary>
public sealed class JsonWebKeyTests
{
    private static readonly byte[] Input = Encoding.ASCII.GetBytes("eyJhbGciOiJFUzI1NiJ9.e30");

    [Fact]
    public void Thumbprint_Rfc7638Example_MatchesThePublishedValue()
    {
        var key = JsonWebKey.Parse("""
            {"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}
            """);

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", key.Thumbprint);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES384")]
    public void Verify_EcdsaSignatureByTheKey_TrueAndTamperedFalse(string algorithm)
    {
        using var ec = ECDsa.Create(algorithm == "ES256" ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
        var p = ec.ExportParameters(false);
        var key = JsonWebKey.Parse($$"""{"kty":"EC","crv":"{{(algorithm == "ES256" ? "P-256" : "P-384")}}","x":"{{Base64Url.Encode(p.Q.X)}}","y":"{{Base64Url.Encode(p.Q.Y)}}"}""");
        var signature = ec.SignData(Input, algorithm == "ES256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384);

        Assert.True(key.Verify(algorithm, Input, signature));
        signature[5] ^= 1;
        Assert.False(key.Verify(algorithm, Input, signature));
    }

    [Fact]
    public void Verify_Rs256SignatureByTheKey_True()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var key = JsonWebKey.Parse($$"""{"kty":"RSA","n":"{{Base64Url.Encode(p.Modulus)}}","e":"{{Base64Url.Encode(p.Exponent)}}"}""");

        Assert.True(key.Verify("RS256", Input, rsa.SignData(Input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
    }

    [Fact]
    public void Verify_EdDsaSignatureByTheKey_True()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var signer = new Ed25519Signer();
        signer.Init(true, pair.Private);
        signer.BlockUpdate(Input, 0, Input.Length);
        var key = JsonWebKey.Parse($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Base64Url.Encode(((Ed25519PublicKeyParameters)pair.Public).GetEncoded())}}"}""");

        Assert.True(key.Verify("EdDSA", Input, signer.GenerateSignature()));
    }

    [Fact]
    public void Verify_AlgorithmThatDoesNotFitTheKey_BadSignatureAlgorithm()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(false);
        var key = JsonWebKey.Parse($$"""{"kty":"EC","crv":"P-256","x":"{{Base64Url.Encode(p.Q.X)}}","y":"{{Base64Url.Encode(p.Q.Y)}}"}""");

        var refused = Assert.Throws<AcmeException>(() => key.Verify("ES384", Input, new byte[96]));
        Assert.Equal(AcmeErrors.BadSignatureAlgorithm, refused.Type);
    }

    [Fact]
    public void Parse_RsaKeyUnder2048Bits_BadPublicKey()
    {
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(false);

        var refused = Assert.Throws<AcmeException>(() => JsonWebKey.Parse($$"""{"kty":"RSA","n":"{{Base64Url.Encode(p.Modulus)}}","e":"{{Base64Url.Encode(p.Exponent)}}"}"""));
        Assert.Equal(AcmeErrors.BadPublicKey, refused.Type);
    }

    [Fact]
    public void Parse_EcPointNotOnTheCurve_BadPublicKey()
    {
        var refused = Assert.Throws<AcmeException>(() => JsonWebKey.Parse($$"""{"kty":"EC","crv":"P-256","x":"{{Base64Url.Encode(new byte[32])}}","y":"{{Base64Url.Encode(Enumerable.Repeat((byte)1, 32).ToArray())}}"}"""));
        Assert.Equal(AcmeErrors.BadPublicKey, refused.Type);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_SameKeyAsTheJwk_SameThumbprint()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(false);
        var jwk = JsonWebKey.Parse($$"""{"kty":"EC","crv":"P-256","x":"{{Base64Url.Encode(p.Q.X)}}","y":"{{Base64Url.Encode(p.Q.Y)}}"}""");
        var spki = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(ec.ExportSubjectPublicKeyInfo());

        Assert.Equal(jwk.Thumbprint, JsonWebKey.FromSubjectPublicKeyInfo(spki)!.Thumbprint);
    }

    [Fact]
    public void JwsMessage_UnprotectedHeader_Malformed()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { @protected = "e30", header = new { }, payload = "", signature = "AA" });

        var refused = Assert.Throws<AcmeException>(() => JwsMessage.Parse(body));
        Assert.Equal(AcmeErrors.Malformed, refused.Type);
    }
}
