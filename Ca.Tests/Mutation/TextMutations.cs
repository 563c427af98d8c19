using System.Text;
using System.Text.RegularExpressions;

namespace Ca.Tests.Mutation;

/// <summary>
/// Edits of the text formats the service parses (PDF's token syntax, XML): a number token set to an edge value
/// (offsets, lengths, byte ranges, object numbers), a token replaced by another of the same file, a slice cut out
/// or repeated, or a fragment made for the format inserted. The result is bytes: PDF is Latin-1 text around binary
/// streams, so the text is handled as Latin-1 and every byte kept.
/// </summary>
internal static partial class TextMutations
{
    private static readonly string[] EdgeNumbers =
        ["0", "-1", "1", "-0", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807", "99999999999999999999999", "1.5", ".", "-", "+5", "007", "1e9"];

    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>One to three edits of <paramref name="input"/>, with <paramref name="fragments"/> the format's own hostile pieces.</summary>
    public static byte[] Mutate(byte[] input, Mutagen m, IReadOnlyList<string> fragments, int maxBytes)
    {
        var text = Latin1.GetString(input);
        var edits = m.OneIn(3) ? m.Next(2, 4) : 1;
        for (var e = 0; e < edits; e++)
        {
            text = MutateOnce(text, m, fragments, maxBytes);
        }

        return Latin1.GetBytes(text);
    }

    private static string MutateOnce(string text, Mutagen m, IReadOnlyList<string> fragments, int maxBytes)
    {
        switch (m.Next(7))
        {
            case 0:
            case 1:
                var numbers = Number().Matches(text);
                if (numbers.Count == 0)
                {
                    goto default;
                }

                var number = numbers[m.Next(numbers.Count)];
                var edge = m.Pick(EdgeNumbers);
                m.Note($"text: number '{number.Value}' at {number.Index} → '{edge}'");
                return text[..number.Index] + edge + text[(number.Index + number.Length)..];
            case 2:
                var tokens = Token().Matches(text);
                if (tokens.Count < 2)
                {
                    goto default;
                }

                var target = tokens[m.Next(tokens.Count)];
                var replacement = tokens[m.Next(tokens.Count)].Value;
                m.Note($"text: token '{Short(target.Value)}' at {target.Index} → '{Short(replacement)}'");
                return text[..target.Index] + replacement + text[(target.Index + target.Length)..];
            case 3:
                var from = m.Next(text.Length);
                var length = Math.Min(m.Next(1, 200), text.Length - from);
                m.Note($"text: {length} characters cut at {from}");
                return text.Remove(from, length);
            case 4:
                var start = m.Next(text.Length);
                var slice = text.Substring(start, Math.Min(m.Next(1, 400), text.Length - start));
                var times = Math.Max(1, Math.Min(m.Pick([1, 10, 1_000]), (maxBytes - text.Length) / Math.Max(1, slice.Length)));
                m.Note($"text: {slice.Length} characters at {start} repeated {times} times");
                return text.Insert(start, string.Concat(Enumerable.Repeat(slice, times)));
            case 5:
                var cut = m.Next(text.Length);
                m.Note($"text: truncated to {cut} characters");
                return text[..cut];
            default:
                var fragment = m.Pick(fragments);
                var at = m.Next(text.Length + 1);
                m.Note($"text: '{Short(fragment)}' inserted at {at}");
                return text.Insert(at, fragment);
        }
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"/[A-Za-z0-9]+|<<|>>|\[|\]|<[0-9A-Fa-f]{1,64}>|[A-Za-z]+|</?[A-Za-z:]+|""[^""]{0,80}""")]
    private static partial Regex Token();
}
