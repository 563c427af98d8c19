namespace Ca.Tests.Mutation;

/// <summary>
/// Blind edits of a byte string: bit flips, overwritten, inserted and deleted bytes, truncation, a repeated
/// slice, and "interesting" bytes (0x00, 0x7F, 0x80, 0xFF) where length and tag octets sit. One to four edits
/// per case; what a damaged file, a buggy encoder or a careless attacker sends.
/// </summary>
internal static class ByteMutations
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF];

    public static byte[] Mutate(byte[] input, Mutagen m)
    {
        var bytes = input;
        var edits = m.OneIn(4) ? m.Next(2, 5) : 1;
        for (var e = 0; e < edits; e++)
        {
            bytes = MutateOnce(bytes, m);
        }

        return bytes;
    }

    private static byte[] MutateOnce(byte[] input, Mutagen m)
    {
        if (input.Length == 0)
        {
            m.Note("insert into empty");
            return m.Bytes(m.Next(1, 8));
        }

        var position = m.Next(input.Length);
        var bytes = (byte[])input.Clone();
        switch (m.Next(9))
        {
            case 0:
            case 1:
                var bit = m.Next(8);
                bytes[position] ^= (byte)(1 << bit);
                m.Note($"flip bit {bit} of byte {position}");
                return bytes;
            case 2:
                var value = m.Pick(Interesting);
                bytes[position] = value;
                m.Note($"set byte {position} to 0x{value:X2}");
                return bytes;
            case 3:
                var random = (byte)m.Next(256);
                bytes[position] = random;
                m.Note($"set byte {position} to 0x{random:X2}");
                return bytes;
            case 4:
                var inserted = m.Bytes(m.Next(1, 5));
                m.Note($"insert {Convert.ToHexString(inserted)} at {position}");
                return [.. input[..position], .. inserted, .. input[position..]];
            case 5:
                var count = Math.Min(m.Next(1, 9), input.Length - position);
                m.Note($"delete {count} bytes at {position}");
                return [.. input[..position], .. input[(position + count)..]];
            case 6:
                m.Note($"truncate to {position} bytes");
                return input[..position];
            case 7:
                var length = Math.Min(m.Next(1, 64), input.Length - position);
                m.Note($"repeat {length} bytes at {position}");
                return [.. input[..(position + length)], .. input[position..]];
            default:
                var tail = m.Bytes(m.Next(1, 32));
                m.Note($"append {tail.Length} random bytes");
                return [.. input, .. tail];
        }
    }
}
