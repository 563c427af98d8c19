using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Revocation;

/// <summary>
/// Writes the content of revokedCertificates (RFC 5280 5.1.2.6) straight into DER octets. A million
/// entries as BouncyCastle objects cost ~700 MB before a single byte is encoded; written directly they
/// cost their encoded size (~40 B each). The output is byte-for-byte what BouncyCastle produces for
/// <c>SEQUENCE { DerInteger, Time, X509Extensions }</c>: the fixed parts (extension OIDs and reason
/// values) are taken from BouncyCastle's own encoding once, only serials and times are written here.
/// </summary>
internal static class CrlEntryEncoder
{
    private const int UtcTimeLength = 2 + 13;
    private const int GeneralizedTimeLength = 2 + 15;

    /// <summary>
    /// crlEntryExtensions with only a reasonCode, per CRLReason value; null where no extension is written
    /// (unspecified, RFC 5280 5.3.1 SHOULD) or the code is unassigned (7).
    /// </summary>
    private static readonly byte[]?[] ReasonOnlyExtensions = new byte[11][];

    /// <summary>One reasonCode Extension (not wrapped in the Extensions SEQUENCE), per CRLReason value.</summary>
    private static readonly byte[]?[] ReasonExtension = new byte[11][];

    /// <summary>An invalidityDate Extension up to (not including) its 15 GeneralizedTime characters.</summary>
    private static readonly byte[] InvalidityPrefix;

    static CrlEntryEncoder()
    {
        for (var code = 1; code <= 10; code++)
        {
            if (code != 7)
            {
                var extensions = new X509Extensions([X509Extensions.ReasonCode], [ReasonX509Extension(code)]).ToAsn1Object();
                ReasonOnlyExtensions[code] = extensions.GetEncoded(Asn1Encodable.Der);
                ReasonExtension[code] = ((Asn1Sequence)extensions)[0].GetEncoded(Asn1Encodable.Der);
            }
        }

        var sample = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var invalidity = (Asn1Sequence)new X509Extensions([X509Extensions.InvalidityDate], [InvalidityX509Extension(sample)]).ToAsn1Object();
        var element = invalidity[0].GetEncoded(Asn1Encodable.Der);
        Span<byte> digits = stackalloc byte[15];
        WriteGeneralizedDigits(digits, sample);
        if (!element.AsSpan(element.Length - 15).SequenceEqual(digits))
        {
            throw new InvalidOperationException("BouncyCastle no longer encodes invalidityDate as whole-second GeneralizedTime; CrlEntryEncoder must be revisited.");
        }

        InvalidityPrefix = element[..^15];
    }

    /// <summary>
    /// The content length of revokedCertificates (all entries, without the outer SEQUENCE header); also
    /// validates every entry, so nothing is allocated for a list that cannot be encoded.
    /// </summary>
    public static long ContentLength(IReadOnlyList<CrlEntry> entries)
    {
        long total = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var content = EntryContentLength(entries[i], out _, out _);
            total += DerConcat.HeaderLength(content) + content;
        }

        return total;
    }

    /// <summary>Writes every entry's SEQUENCE; <paramref name="destination"/> must hold <see cref="ContentLength"/> octets. Returns the octets written.</summary>
    public static int Write(IReadOnlyList<CrlEntry> entries, Span<byte> destination)
    {
        var offset = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var content = EntryContentLength(entry, out var serialLength, out var extensionsLength);
            offset += DerConcat.WriteHeader(destination[offset..], DerConcat.SequenceTag, content);

            // userCertificate INTEGER: BouncyCastle's two's-complement form is already minimal DER
            // (a leading 0x00 exactly when the top bit of the magnitude is set).
            offset += DerConcat.WriteHeader(destination[offset..], 0x02, serialLength);
            entry.SerialNumber.Value.ToByteArray(destination.Slice(offset, serialLength));
            offset += serialLength;

            offset += WriteTime(destination[offset..], ToUtc(entry.RevokedAt));
            if (extensionsLength > 0)
            {
                offset += WriteExtensions(destination[offset..], entry, extensionsLength);
            }
        }

        return offset;
    }

    private static int EntryContentLength(CrlEntry entry, out int serialLength, out int extensionsLength)
    {
        var code = (int)entry.Reason;
        if (code is < 0 or > 10 or 7)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Reason, $"Serial {entry.SerialNumber}: not an RFC 5280 CRLReason.");
        }

        var serial = entry.SerialNumber.Value
            ?? throw new ArgumentException("A CRL entry has no serial number (default SerialNumber).", nameof(entry));
        serialLength = serial.GetLengthofByteArray();
        extensionsLength = ExtensionsLength(entry, code);
        return DerConcat.HeaderLength(serialLength) + serialLength + TimeLength(ToUtc(entry.RevokedAt)) + extensionsLength;
    }

    private static int ExtensionsLength(CrlEntry entry, int code)
    {
        if (entry.InvalidityDate is null)
        {
            return ReasonOnlyExtensions[code]?.Length ?? 0;
        }

        var content = (ReasonExtension[code]?.Length ?? 0) + InvalidityPrefix.Length + 15;
        return DerConcat.HeaderLength(content) + content;
    }

    private static int WriteExtensions(Span<byte> destination, CrlEntry entry, int extensionsLength)
    {
        var code = (int)entry.Reason;
        if (entry.InvalidityDate is not { } invalidity)
        {
            ReasonOnlyExtensions[code]!.CopyTo(destination);
            return extensionsLength;
        }

        var reason = ReasonExtension[code] ?? [];
        var offset = DerConcat.WriteHeader(destination, DerConcat.SequenceTag, reason.Length + InvalidityPrefix.Length + 15);
        reason.CopyTo(destination[offset..]);
        offset += reason.Length;
        InvalidityPrefix.CopyTo(destination[offset..]);
        offset += InvalidityPrefix.Length;

        // RFC 5280 5.3.2: GeneralizedTime, whole seconds, Zulu, whatever the year.
        WriteGeneralizedDigits(destination.Slice(offset, 15), ToUtc(invalidity));
        return offset + 15;
    }

    /// <summary>RFC 5280 5.1.2.6 / 4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime otherwise (as BouncyCastle's <see cref="Time"/>).</summary>
    private static int TimeLength(DateTime utc) => IsUtcTimeYear(utc) ? UtcTimeLength : GeneralizedTimeLength;

    private static int WriteTime(Span<byte> destination, DateTime utc)
    {
        if (IsUtcTimeYear(utc))
        {
            destination[0] = 0x17;
            destination[1] = 13;
            WriteTwoDigits(destination[2..], utc.Year % 100);
            WriteMonthToSecond(destination[4..], utc);
            return UtcTimeLength;
        }

        destination[0] = 0x18;
        destination[1] = 15;
        WriteGeneralizedDigits(destination.Slice(2, 15), utc);
        return GeneralizedTimeLength;
    }

    private static bool IsUtcTimeYear(DateTime utc) => utc.Year is >= 1950 and <= 2049;

    /// <summary>YYYYMMDDHHMMSSZ.</summary>
    private static void WriteGeneralizedDigits(Span<byte> destination, DateTime utc)
    {
        WriteTwoDigits(destination, utc.Year / 100);
        WriteTwoDigits(destination[2..], utc.Year % 100);
        WriteMonthToSecond(destination[4..], utc);
    }

    /// <summary>MMDDHHMMSSZ.</summary>
    private static void WriteMonthToSecond(Span<byte> destination, DateTime utc)
    {
        WriteTwoDigits(destination, utc.Month);
        WriteTwoDigits(destination[2..], utc.Day);
        WriteTwoDigits(destination[4..], utc.Hour);
        WriteTwoDigits(destination[6..], utc.Minute);
        WriteTwoDigits(destination[8..], utc.Second);
        destination[10] = (byte)'Z';
    }

    private static void WriteTwoDigits(Span<byte> destination, int value)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }

    private static X509Extension ReasonX509Extension(int code) => new(false, new DerOctetString(new CrlReason(code)));

    private static X509Extension InvalidityX509Extension(DateTime utc) => new(false, new DerOctetString(new DerGeneralizedTime(utc)));

    /// <summary>CRL times are whole seconds in UTC (RFC 5280 5.1.2.4); sub-second parts are dropped, not rounded.</summary>
    internal static DateTime ToUtc(DateTimeOffset time)
    {
        return time.ToWholeSeconds().UtcDateTime;
    }
}
