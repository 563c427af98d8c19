using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1.Pkcs;

namespace Ca.Tests.Issuance;

/// <summary>
/// What CsrParser refuses, and how: hostile shapes are 400/422 with a stable code, never an exception
/// the API would turn into a 500.
/// </summary>
public sealed class CsrParserTests
{
    [Fact]
    public void Parse_WellFormedEcdsaSha256Csr_IsAccepted()
    {
        var csr = CsrParser.Parse(CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA256WITHECDSA"));

        Assert.Equal("crafted.example.co.th", Assert.Single(csr.RequestedSans).Value);
    }

    [Fact]
    public void Parse_ExtensionRequestWithEmptySet_IsMalformed400()
    {
        var pem = CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA256WITHECDSA", attributes: CraftedCsr.EmptyExtensionRequest());

        var error = Assert.Throws<CaException>(() => CsrParser.Parse(pem));

        Assert.Equal(CaErrorKind.BadRequest, error.Kind);
        Assert.Equal("malformed-csr", error.Code);
    }

    [Fact]
    public void Parse_RsaSignatureAlgorithmOverEcKey_IsRefused422()
    {
        var pem = CraftedCsr.WithClaimedAlgorithm(CraftedCsr.EcKey(), PkcsObjectIdentifiers.Sha256WithRsaEncryption);

        var error = Assert.Throws<CaException>(() => CsrParser.Parse(pem));

        Assert.Equal(CaErrorKind.Unprocessable, error.Kind);
        Assert.Equal("csr-signature-algorithm-mismatch", error.Code);
    }

    [Fact]
    public void Parse_EcdsaSignatureAlgorithmOverRsaKey_IsRefused422()
    {
        var pem = CraftedCsr.WithClaimedAlgorithm(CraftedCsr.RsaKey(), Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha256);

        var error = Assert.Throws<CaException>(() => CsrParser.Parse(pem));

        Assert.Equal("csr-signature-algorithm-mismatch", error.Code);
    }

    [Theory]
    [InlineData("ec", "SHA1WITHECDSA")]
    [InlineData("rsa", "SHA1WITHRSA")]
    [InlineData("rsa", "MD5WITHRSA")]
    public void Parse_SignedWithSha1OrMd5_IsRefusedAsWeak(string keyType, string algorithm)
    {
        var key = keyType == "ec" ? CraftedCsr.EcKey() : CraftedCsr.RsaKey();
        var pem = CraftedCsr.Signed(key, algorithm);

        var error = Assert.Throws<CaException>(() => CsrParser.Parse(pem));

        Assert.Equal(CaErrorKind.Unprocessable, error.Kind);
        Assert.Equal("csr-signature-weak", error.Code);
        Assert.Equal("csr", error.Field);
    }

    [Fact]
    public void Parse_SignedWithSha224Ecdsa_IsRefusedAsUnsupported()
    {
        var pem = CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA224WITHECDSA");

        var error = Assert.Throws<CaException>(() => CsrParser.Parse(pem));

        Assert.Equal("csr-signature-algorithm-unsupported", error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Parse_VersionOtherThanZero_IsRefused422(int version)
    {
        var pem = CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA256WITHECDSA", version: version);

        var error = Assert.Throws<CaException>(() => CsrParser.Parse(pem));

        Assert.Equal(CaErrorKind.Unprocessable, error.Kind);
        Assert.Equal("csr-version-unsupported", error.Code);
    }

    [Theory]
    [InlineData("SHA256WITHRSA")]
    [InlineData("SHA384WITHRSA")]
    [InlineData("SHA256WITHRSAANDMGF1")]
    public void Parse_RsaWithSha2_IsAccepted(string algorithm)
    {
        var csr = CsrParser.Parse(CraftedCsr.Signed(CraftedCsr.RsaKey(), algorithm));

        Assert.Equal(2048, csr.Key.Bits);
    }
}
