namespace Ca.Core.Revocation;

/// <summary>
/// Wraps already-encoded DER parts in a SEQUENCE by copying bytes, so a signed structure of tens of
/// megabytes (a large CRL) is not rebuilt and re-encoded after its TBS part was signed.
/// </summary>
internal static class DerConcat
{
    /// <summary>SEQUENCE { parts... } where every part is complete DER.</summary>
    public static byte[] Sequence(params byte[][] parts)
    {
        long contentLength = 0;
        foreach (var part in parts)
        {
            contentLength += part.Length;
        }

        var header = Header(0x30, contentLength);
        var result = new byte[header.Length + contentLength];
        header.CopyTo(result, 0);
        var offset = header.Length;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    private static byte[] Header(byte tag, long length)
    {
        if (length < 0x80)
        {
            return [tag, (byte)length];
        }

        var lengthBytes = 0;
        for (var remaining = length; remaining > 0; remaining >>= 8)
        {
            lengthBytes++;
        }

        var header = new byte[2 + lengthBytes];
        header[0] = tag;
        header[1] = (byte)(0x80 | lengthBytes);
        for (var i = 0; i < lengthBytes; i++)
        {
            header[1 + lengthBytes - i] = (byte)(length >> (8 * i));
        }

        return header;
    }
}
