using Ca.Core.Common;

namespace Ca.Tests.Issuance;

public sealed class SerialNumberTests
{
    [Fact]
    public void NewRandom_Always_IsPositiveWithUpTo128BitsAndUnique()
    {
        var serials = Enumerable.Range(0, 2000).Select(_ => SerialNumber.NewRandom()).ToList();

        Assert.All(serials, s => Assert.True(s.Value.SignValue > 0 && s.Value.BitLength <= 128));
        Assert.Equal(serials.Count, serials.Select(s => s.Hex).Distinct().Count());
        Assert.Contains(serials, s => s.Value.BitLength > 120);
    }

    [Theory]
    [InlineData("0a:1b:2c", "0A1B2C")]
    [InlineData("0x0A1B2C", "0A1B2C")]
    [InlineData("a1b2c", "0A1B2C")]
    [InlineData("000a1b2c", "0A1B2C")]
    public void TryParse_AsUsersPasteIt_NormalisesToOpenSslForm(string input, string expected)
    {
        Assert.True(SerialNumber.TryParse(input, out var serial));
        Assert.Equal(expected, serial.Hex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("00")]
    [InlineData("-1")]
    public void TryParse_NotAPositiveHexInteger_Fails(string input) =>
        Assert.False(SerialNumber.TryParse(input, out _));
}
