using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace Ca.Core.Common;

/// <summary>
/// A certificate serial number. Its canonical text form is upper-case hex of the positive integer,
/// padded to whole octets, as <c>openssl x509 -serial</c> prints it, so an operator can paste either.
/// Only the integer is stored (equality is by value); the hex form is derived on each read, because a
/// CRL of a million entries holds a million serials and the text of each would cost as much memory as
/// the integer itself while the CRL never needs it.
/// </summary>
public readonly record struct SerialNumber
{
    private SerialNumber(BigInteger value) => Value = value;

    /// <summary>The integer value.</summary>
    public BigInteger Value { get; }

    /// <summary>
    /// The canonical hex form (upper case, even length, no separators). Computed on every read; callers
    /// that use it repeatedly in a loop should keep it in a local.
    /// </summary>
    public string Hex => Value is null ? null! : ToHex(Value);

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

        return new SerialNumber(value);
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

    private static string ToHex(BigInteger value)
    {
        // The minimal unsigned big-endian octets, two hex digits each: upper case and even length by construction.
        var length = value.GetLengthofByteArrayUnsigned();
        Span<byte> octets = length <= 64 ? stackalloc byte[length] : new byte[length];
        value.ToByteArrayUnsigned(octets);
        return Convert.ToHexString(octets);
    }
}
