using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace Ca.Core.Common;

/// <summary>
/// A certificate serial number. Its canonical text form is upper-case hex of the positive integer,
/// padded to whole octets, as <c>openssl x509 -serial</c> prints it, so an operator can paste either.
/// </summary>
public readonly record struct SerialNumber
{
    private SerialNumber(BigInteger value, string hex)
    {
        Value = value;
        Hex = hex;
    }

    /// <summary>The integer value.</summary>
    public BigInteger Value { get; }

    /// <summary>The canonical hex form (upper case, even length, no separators).</summary>
    public string Hex { get; }

    /// <summary>
    /// A fresh serial with 128 bits from the CSPRNG (CA/B BR 7.1 asks for at least 64), positive and
    /// never zero; encoded in at most 17 DER octets, well inside RFC 5280's 20.
    /// </summary>
    public static SerialNumber NewRandom()
    {
        Span<byte> bytes = stackalloc byte[16];
        BigInteger value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = new BigInteger(1, bytes.ToArray());
        }
        while (value.SignValue == 0);

        return From(value);
    }

    /// <summary>Wraps an integer; it must be positive.</summary>
    public static SerialNumber From(BigInteger value)
    {
        if (value.SignValue <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Serial numbers are positive integers.");
        }

        var hex = value.ToString(16).ToUpperInvariant();
        return new SerialNumber(value, hex.Length % 2 == 1 ? "0" + hex : hex);
    }

    /// <summary>
    /// Parses hex as users paste it: any case, optional <c>0x</c>, colons or spaces between octets,
    /// leading zeros. Returns false for anything else (so a 404 is never confused with a 400).
    /// </summary>
    public static bool TryParse(string? text, out SerialNumber serial)
    {
        serial = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var cleaned = text.Trim();
        if (cleaned.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            cleaned = cleaned[2..];
        }

        cleaned = cleaned.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (cleaned.Length == 0 || cleaned.Length > 42 || !cleaned.All(Uri.IsHexDigit))
        {
            return false;
        }

        var value = new BigInteger(cleaned, 16);
        if (value.SignValue <= 0)
        {
            return false;
        }

        serial = From(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Hex;
}
