namespace Ca.Tests.Mutation;

/// <summary>
/// The randomness of one mutation case and the record of what was done with it. Every case gets its own
/// generator, seeded from the campaign's seed and the case number, so any single case can be replayed
/// (<c>PKI_MUTATION_CASE=seed:case</c>) without running the ones before it; the steps say in words what the
/// mutated input is ("tree: length of INTEGER #7 set to 84FFFFFFFF").
/// </summary>
internal sealed class Mutagen
{
    private readonly List<string> steps = [];

    public Mutagen(int seed, int index)
    {
        Seed = seed;
        Index = index;
        Random = new Random(unchecked((seed * 1_000_003) ^ (index * 7_919) ^ 0x5EED));
    }

    public int Seed { get; }

    public int Index { get; }

    public Random Random { get; }

    public IReadOnlyList<string> Steps => steps;

    /// <summary>Records one step of the mutation.</summary>
    public void Note(string step) => steps.Add(step);

    public int Next(int maxExclusive) => Random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => Random.Next(minInclusive, maxExclusive);

    /// <summary>True with probability 1/<paramref name="n"/>.</summary>
    public bool OneIn(int n) => Random.Next(n) == 0;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>Blind damage to <paramref name="input"/> by the shared <see cref="Support.ByteMutator"/>, recorded as a step.</summary>
    public byte[] Damage(byte[] input)
    {
        var mutation = Support.ByteMutator.Mutate(input, Random);
        Note(mutation.Description.Length == 0 ? "empty input kept" : mutation.Description);
        return mutation.Bytes;
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        Random.NextBytes(bytes);
        return bytes;
    }

    public override string ToString() => $"seed {Seed} case {Index}: {string.Join("; ", steps)}";
}
