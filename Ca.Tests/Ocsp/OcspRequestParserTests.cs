using Ca.Core.Ocsp;

namespace Ca.Tests.Ocsp;

/// <summary>The GET form of OCSP requests (RFC 6960 A.1).</summary>
public sealed class OcspRequestParserTests
{
    // Bytes chosen so standard base64 contains both '+' and '/'.
    private static readonly byte[] Der = [0x30, 0x0A, 0xFB, 0xFF, 0xBF, 0x3E, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05];

    [Fact]
    public void TryDecodeGetPath_StandardBase64UrlEncoded_Decodes()
    {
        var path = Uri.EscapeDataString(Convert.ToBase64String(Der));

        Assert.True(OcspRequestParser.TryDecodeGetPath(path, out var der));
        Assert.Equal(Der, der);
    }

    [Fact]
    public void TryDecodeGetPath_StandardBase64Unescaped_Decodes()
    {
        Assert.True(OcspRequestParser.TryDecodeGetPath(Convert.ToBase64String(Der), out var der));
        Assert.Equal(Der, der);
    }

    [Fact]
    public void TryDecodeGetPath_Base64UrlWithoutPadding_Decodes()
    {
        var path = Convert.ToBase64String(Der[..11]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.True(OcspRequestParser.TryDecodeGetPath(path, out var der));
        Assert.Equal(Der[..11], der);
    }

    [Fact]
    public void TryDecodeGetPath_PlusDecodedAsSpace_Decodes()
    {
        var path = Convert.ToBase64String(Der).Replace('+', ' ');

        Assert.True(OcspRequestParser.TryDecodeGetPath(path, out var der));
        Assert.Equal(Der, der);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("abcde")]
    [InlineData("not base64!")]
    public void TryDecodeGetPath_NotBase64_ReturnsFalse(string? path)
    {
        Assert.False(OcspRequestParser.TryDecodeGetPath(path, out _));
    }

    [Fact]
    public void TryDecodeGetPath_TooLong_ReturnsFalse()
    {
        Assert.False(OcspRequestParser.TryDecodeGetPath(new string('A', OcspRequestParser.MaxEncodedLength + 4), out _));
    }
}
