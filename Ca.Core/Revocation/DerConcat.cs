namespace Ca.Core.Revocation;

/// <summary>
/// Wraps already-encoded DER parts in a SEQUENCE by copying bytes, so a signed structure of tens of
/// megabytes (a large CRL) is not rebuilt and re-encoded after its TBS part was signed; and writes the
/// tag-and-length headers that hand-encoded structures (the revokedCertificates list) need.
/// </summary>
internal static class DerConcat
{
    /// <summary>Tag of a constructed SEQUENCE.</summary>
    public const byte SequenceTag = 0x30;

    /// <summary>SEQUENCE { parts... } where every part is complete DER.</summary>
    public static byte[] Sequence(params byte[][] parts)
    {
        long contentLength = 0;
        foreach (var part in parts)
        {
            contentLength += part.Length;
        }

        var result = new byte[checked(HeaderLength(contentLength) + (int)contentLength)];
        var offset = WriteHeader(result, SequenceTag, contentLength);
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>Octets taken by the tag and the definite-form length for <paramref name="length"/> content octets.</summary>
    public static int HeaderLength(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length < 0x80)
        {
            return 2;
        }

        var lengthBytes = 0;
        for (var remaining = length; remaining > 0; remaining >>= 8)
        {
            lengthBytes++;
        }

        return 2 + lengthBytes;
    }

    /// <summary>Writes the tag and the shortest definite-form length (X.690 10.1); returns the octets written.</summary>
    public static int WriteHeader(Span<byte> destination, byte tag, long length)
    {
        var headerLength = HeaderLength(length);
        destination[0] = tag;
        if (headerLength == 2)
        {
            destination[1] = (byte)length;
            return 2;
        }

        var lengthBytes = headerLength - 2;
        destination[1] = (byte)(0x80 | lengthBytes);
        for (var i = 0; i < lengthBytes; i++)
        {
            destination[1 + lengthBytes - i] = (byte)(length >> (8 * i));
        }

        return headerLength;
    }
}
