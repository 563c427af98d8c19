using Ca.Core.Common;
using Ca.Core.Validation;

namespace Ca.Tests.Validation;

/// <summary>Decoding the certificates a caller posts for verification: bundles, garbage, nulls, and a megabyte of blocks.</summary>
public sealed class CertificateInputTests
{
    private static readonly TestChain Chain = new();

    [Fact]
    public void FromPem_BundleWithTextAroundBlocks_EveryCertificateInOrder()
    {
        var bundle = "subject=leaf\n" + Pem.Encode("CERTIFICATE", Chain.EndEntity.GetEncoded()) + "issuer below\r\n" + Pem.Encode("CERTIFICATE", Chain.Intermediate.GetEncoded()).Replace("\n", "\r\n", StringComparison.Ordinal);

        var certificates = CertificateInput.FromPem(bundle, "body");

        Assert.Equal([Chain.EndEntity, Chain.Intermediate], certificates);
    }

    [Fact]
    public void FromPem_MegabyteOfBlocks_AllDecoded()
    {
        var block = Pem.Encode("CERTIFICATE", Chain.Intermediate.GetEncoded());
        var count = 1024 * 1024 / block.Length;

        var certificates = CertificateInput.FromPem(string.Concat(Enumerable.Repeat(block, count)), "body");

        Assert.Equal(count, certificates.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")]
    public void FromPem_NoUsableBlock_BadRequestNamingTheField(string? pem)
    {
        var error = Assert.Throws<CaException>(() => CertificateInput.FromPem(pem, "chain[0]"));

        Assert.Equal(CaErrorKind.BadRequest, error.Kind);
        Assert.Equal("invalid-certificate", error.Code);
        Assert.Equal("chain[0]", error.Field);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x30, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x04, 0x03, 0x01, 0x02, 0x03 })]
    public void FromDer_NotACertificate_BadRequest(byte[] der)
    {
        var error = Assert.Throws<CaException>(() => CertificateInput.FromDer(der, "certificate"));

        Assert.Equal(CaErrorKind.BadRequest, error.Kind);
        Assert.Equal("invalid-certificate", error.Code);
    }
}
