using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ca.Tests.Mutation;

/// <summary>
/// Mutations of a JSON request body: a value replaced by one of another type or at the edge of its type, a
/// property removed, renamed, duplicated or added, arrays flooded, objects nested past any sane depth; or the
/// serialized text damaged (truncated, invalid UTF-8, a BOM, comments). Most keep the body parseable, so the
/// damage reaches binding and the service's own checks.
/// </summary>
internal static class JsonMutator
{
    private const string LoneSurrogate = "@@lone-surrogate@@";
    private static readonly JsonSerializerOptions Deep = new() { MaxDepth = 4_096 };

    public static byte[] Mutate(JsonObject seed, Mutagen m, int maxBytes)
    {
        var root = (JsonObject)seed.DeepClone();
        var edits = m.OneIn(3) ? m.Next(2, 4) : 1;
        for (var e = 0; e < edits; e++)
        {
            MutateOnce(root, m, maxBytes);
        }

        var text = Encoding.UTF8.GetBytes(Serialize(root));
        if (m.OneIn(6))
        {
            return MutateText(text, m);
        }

        if (m.OneIn(10))
        {
            // A duplicate of the first property, which JsonObject cannot hold: done on the text.
            var first = root.FirstOrDefault();
            if (first.Key is not null)
            {
                m.Note($"json: property '{first.Key}' given twice");
                var duplicate = $"{{{JsonSerializer.Serialize(first.Key)}:{Serialize(HostileValue(m, maxBytes))},";
                return [.. Encoding.UTF8.GetBytes(duplicate), .. text[1..]];
            }
        }

        return text;
    }

    private static void MutateOnce(JsonObject root, Mutagen m, int maxBytes)
    {
        var slots = Slots(root).ToList();
        var (parent, key, index) = m.Pick(slots);
        var where = key ?? $"[{index}]";
        switch (m.Next(6))
        {
            case 0 when parent is JsonObject o && key is not null:
                o.Remove(key);
                m.Note($"json: removed '{key}'");
                break;
            case 1 when parent is JsonObject o && key is not null:
                var value = o[key];
                o.Remove(key);
                var renamed = m.Pick([key.ToUpperInvariant(), key + " ", "$" + key, key + "\u0000", char.ToUpperInvariant(key[0]) + key[1..]]);
                o[renamed] = value;
                m.Note($"json: '{key}' renamed '{renamed}'");
                break;
            case 2 when parent is JsonObject o:
                var name = m.Pick(["extra", "__proto__", "$type", "id", "status", "certificate", "caId", "roles", "owner", "ก"]);
                o[name] = HostileValue(m, maxBytes);
                m.Note($"json: added '{name}'");
                break;
            default:
                var hostile = HostileValue(m, maxBytes);
                Set(parent, key, index, hostile);
                m.Note($"json: {where} = {Preview(hostile)}");
                break;
        }
    }

    /// <summary>Every place a value sits: (container, property or null, array index).</summary>
    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        if (node is JsonObject o)
        {
            yield return (o, null, -1);
            foreach (var (key, value) in o.ToList())
            {
                yield return (o, key, -1);
                if (value is not null)
                {
                    foreach (var inner in Slots(value))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                yield return (a, null, i);
                if (a[i] is { } value)
                {
                    foreach (var inner in Slots(value))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o when key is not null:
                o[key] = value;
                break;
            case JsonObject o:
                o["extra"] = value;
                break;
            case JsonArray a when index >= 0:
                a[index] = value;
                break;
        }
    }

    /// <summary>A value of a surprising type, size or edge.</summary>
    public static JsonNode? HostileValue(Mutagen m, int maxBytes) => m.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(m.Pick([true, false])),
        2 => JsonValue.Create(m.Pick([0L, -1L, int.MaxValue + 1L, long.MinValue, long.MaxValue])),
        3 => JsonNode.Parse(m.Pick(["1e309", "-0.0", "1.5", "123456789012345678901234567890", "1E-400"])),
        4 => JsonValue.Create(LoneSurrogate),
        5 => new JsonArray(Enumerable.Range(0, Math.Min(m.Pick([10, 1_000, 20_000]), maxBytes / 8)).Select(i => (JsonNode?)JsonValue.Create("x" + i)).ToArray()),
        6 => Nested(m.Pick([10, 63, 64, 65, 1_000])),
        7 => new JsonObject { ["CN"] = "ทดสอบ", ["O"] = new JsonArray(), ["C"] = JsonValue.Create(66) },
        8 => JsonValue.Create(new string('ก', Math.Min(m.Pick([100, 10_000, 300_000]), maxBytes / 4))),
        _ => JsonValue.Create(m.Pick(HostileValues.Strings)),
    };

    /// <summary>JSON text of a value; deep nesting allowed, and the lone-surrogate marker written as the escape \uD800.</summary>
    private static string Serialize(JsonNode? node) =>
        (node?.ToJsonString(Deep) ?? "null").Replace($"\"{LoneSurrogate}\"", "\"\\uD800\"", StringComparison.Ordinal);

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 1; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static byte[] MutateText(byte[] text, Mutagen m)
    {
        switch (m.Next(5))
        {
            case 0:
                m.Note("json text: UTF-8 BOM");
                return [0xEF, 0xBB, 0xBF, .. text];
            case 1:
                m.Note("json text: invalid UTF-8 inside");
                var at = m.Next(text.Length);
                return [.. text[..at], 0xC3, 0x28, 0xFF, .. text[at..]];
            case 2:
                m.Note("json text: a comment and a trailing comma");
                return Encoding.UTF8.GetBytes("/* x */" + Encoding.UTF8.GetString(text).TrimEnd('}') + ",}");
            case 3:
                m.Note("json text: UTF-16");
                return Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(text));
            default:
                m.Note("json text: bytes");
                return m.Damage(text);
        }
    }

    private static string Preview(JsonNode? value)
    {
        var text = Serialize(value);
        return text.Length <= 40 ? text : $"{text[..40]}…({text.Length} chars)";
    }
}
