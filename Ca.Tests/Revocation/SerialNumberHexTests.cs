using Ca.Core.Common;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Ca.Tests.Revocation;

/// <summary>
/// <see cref="SerialNumber.Hex"/> is derived on demand (CRLs hold a million serials and never need the
/// text); these pin it to the form it had when it was stored, and equality to the value alone.
/// </summary>
public sealed class SerialNumberHexTests
{
    [Theory]
    [InlineData("1", "01")]
    [InlineData("7F", "7F")]
    [InlineData("80", "80")]
    [InlineData("100", "0100")]
    [InlineData("abcdef", "ABCDEF")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Hex_EdgeValues_IsUpperCaseEvenLengthWithoutSignOctet(string value, string expected)
    {
        Assert.Equal(expected, SerialNumber.From(new BigInteger(value, 16)).Hex);
    }

    [Fact]
    public void Hex_RandomValues_MatchesPaddedUpperCaseToString()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[1 + (i % 21)];
            random.NextBytes(bytes);
            var value = new BigInteger(1, bytes).Add(BigInteger.One);
            var legacy = value.ToString(16).ToUpperInvariant();

            Assert.Equal(legacy.Length % 2 == 1 ? "0" + legacy : legacy, SerialNumber.From(value).Hex);
        }
    }

    [Fact]
    public void Equals_SameValueDifferentOrigins_EqualWithSameHashCode()
    {
        var parsed = SerialNumber.TryParse("00:0a:1b:2c", out var fromText) ? fromText : throw new InvalidOperationException();
        var fromValue = SerialNumber.From(new BigInteger("0A1B2C", 16));

        Assert.Equal(fromValue, parsed);
        Assert.True(fromValue == parsed);
        Assert.Equal(fromValue.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(fromValue, SerialNumber.From(new BigInteger("0A1B2D", 16)));
    }

    [Fact]
    public void Hex_Default_IsNullAsBefore()
    {
        Assert.Null(default(SerialNumber).Hex);
    }
}
