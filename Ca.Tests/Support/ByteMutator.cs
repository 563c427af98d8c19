namespace Ca.Tests.Support;

/// <summary>
/// Seeded byte-level mutations of a real input (a certificate, CRL, OCSP request, time-stamp query, CMS signature):
/// bit flips, overwritten, inserted and deleted bytes, truncation and a duplicated slice. The same seed gives the
/// same cases on every run, so a failure names a case that can be replayed.
/// </summary>
internal static class ByteMutator
{
    /// <summary>One mutated input and how it was made, e.g. "flip bit 3 of byte 117".</summary>
    public sealed record Mutation(string Description, byte[] Bytes)
    {
        public override string ToString() => Description;
    }

    /// <summary><paramref name="count"/> mutations of <paramref name="input"/>, one or a few edits each.</summary>
    public static IEnumerable<Mutation> Mutate(byte[] input, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var mutation = Mutate(input, random);
            yield return mutation with { Description = $"seed {seed} case {i}: {mutation.Description}" };
        }
    }

    /// <summary>
    /// One mutation drawn from the caller's generator: the HTTP mutation campaigns (Ca.Tests/Mutation) give every
    /// case its own generator, so that one case can be replayed alone.
    /// </summary>
    public static Mutation Mutate(byte[] input, Random random)
    {
        var bytes = input;
        var steps = new List<string>();
        var edits = random.Next(4) == 0 ? random.Next(2, 5) : 1;
        for (var e = 0; e < edits && bytes.Length > 0; e++)
        {
            (bytes, var step) = MutateOnce(bytes, random);
            steps.Add(step);
        }

        return new Mutation(string.Join(", ", steps), bytes);
    }

    private static (byte[] Bytes, string Step) MutateOnce(byte[] input, Random random)
    {
        var position = random.Next(input.Length);
        var bytes = (byte[])input.Clone();
        switch (random.Next(7))
        {
            case 0:
            case 1:
                var bit = random.Next(8);
                bytes[position] ^= (byte)(1 << bit);
                return (bytes, $"flip bit {bit} of byte {position}");
            case 2:
                var value = (byte)random.Next(256);
                bytes[position] = value;
                return (bytes, $"set byte {position} to 0x{value:X2}");
            case 3:
                var inserted = (byte)random.Next(256);
                return ([.. input[..position], inserted, .. input[position..]], $"insert 0x{inserted:X2} at {position}");
            case 4:
                return ([.. input[..position], .. input[(position + 1)..]], $"delete byte {position}");
            case 5:
                return (input[..position], $"truncate to {position} bytes");
            default:
                var length = Math.Min(random.Next(1, 16), input.Length - position);
                return ([.. input[..(position + length)], .. input[position..]], $"repeat {length} bytes at {position}");
        }
    }
}
