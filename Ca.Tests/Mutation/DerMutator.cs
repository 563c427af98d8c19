using System.Text;

namespace Ca.Tests.Mutation;

/// <summary>
/// Structure-aware mutation of DER: picks an element anywhere in the tree (inside extension values and keys too)
/// and corrupts its length octets, changes its tag, deletes, duplicates, swaps or floods it, replaces its content
/// with values its type makes dangerous (a 600-digit INTEGER, an OID with a 20-octet arc, invalid UTF-8, an
/// impossible time), truncates it, or buries it under thousands of nested SEQUENCEs. Enclosing lengths are
/// recomputed, so the damage reaches the decoder of that one element.
/// </summary>
internal static class DerMutator
{
    private static readonly byte[][] Lengths =
    [
        [0x00], [0x80], [0x81, 0x00], [0x81, 0x7F], [0x82, 0xFF, 0xFF], [0x84, 0x7F, 0xFF, 0xFF, 0xFF], [0x84, 0xFF, 0xFF, 0xFF, 0xFF],
        [0x85, 0x01, 0x00, 0x00, 0x00, 0x00], [0x88, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0xFF],
    ];

    private static readonly byte[][] Tags =
    [
        [0x01], [0x02], [0x03], [0x04], [0x05], [0x06], [0x0A], [0x0C], [0x13], [0x14], [0x16], [0x17], [0x18], [0x1E], [0x30], [0x31],
        [0x80], [0x81], [0x82], [0x86], [0x87], [0xA0], [0xA1], [0xA2], [0xA3], [0x24], [0x23], [0x00],
        [0x1F, 0x81, 0x80, 0x01], [0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0x1F], [0x9F, 0x80],
    ];

    /// <summary>Applies one to three edits to the tree (in place) and returns its new encoding.</summary>
    public static byte[] Mutate(DerNode root, Mutagen m, int maxBytes)
    {
        var edits = m.OneIn(3) ? m.Next(2, 4) : 1;
        for (var e = 0; e < edits; e++)
        {
            MutateOnce(root, m, maxBytes);
        }

        return root.Encode();
    }

    private static void MutateOnce(DerNode root, Mutagen m, int maxBytes)
    {
        var nodes = root.PreOrder().ToList();
        var index = m.Next(nodes.Count);
        var node = nodes[index];
        var parent = root.ParentOf(node);
        var name = $"{Describe(node)} #{index}";
        switch (m.Next(12))
        {
            case 0:
            case 1:
                var length = m.OneIn(3) ? AdjacentLength(node, m) : m.Pick(Lengths);
                node.LengthOverride = length;
                m.Note($"length of {name} set to {Convert.ToHexString(length)}");
                break;
            case 2:
                var tag = m.Pick(Tags);
                m.Note($"tag of {name} set to {Convert.ToHexString(tag)}");
                node.Tag = tag;
                break;
            case 3 when parent is not null:
                parent.Children!.Remove(node);
                m.Note($"deleted {name}");
                break;
            case 4 when parent is not null:
                var copies = m.OneIn(4) ? m.Pick([50, 500, 5000]) : 1;
                copies = Math.Max(1, Math.Min(copies, maxBytes / Math.Max(1, node.Encode().Length)));
                var at = parent.Children!.IndexOf(node);
                parent.Children.InsertRange(at + 1, Enumerable.Range(0, copies).Select(_ => node.Clone()));
                m.Note($"{name} repeated {copies} more times");
                break;
            case 5 when parent is not null && parent.Children!.Count > 1:
                var siblings = parent.Children!;
                var a = siblings.IndexOf(node);
                var b = (a + m.Next(1, siblings.Count)) % siblings.Count;
                (siblings[a], siblings[b]) = (siblings[b], siblings[a]);
                m.Note($"swapped {name} with its sibling {b}");
                break;
            case 6:
                var depth = m.Pick([16, 200, 2_000, 20_000]);
                depth = Math.Min(depth, Math.Max(1, (maxBytes - node.Encode().Length) / 6));
                var wrapped = Wrap(node.Clone(), depth);
                Replace(root, node, parent, wrapped);
                m.Note($"{name} nested in {depth} SEQUENCEs");
                break;
            case 7 when node.Children is not null:
                var inserted = RandomElement(m);
                node.Children.Insert(m.Next(node.Children.Count + 1), inserted);
                m.Note($"inserted {Describe(inserted)} ({inserted.Encode().Length} bytes) into {name}");
                break;
            case 8:
                var content = node.EncodeContent();
                var keep = content.Length == 0 ? 0 : m.Next(content.Length);
                node.Children = null;
                node.Content = content[..keep];
                m.Note($"content of {name} truncated to {keep} of {content.Length} bytes");
                break;
            default:
                var replacement = HostileContent(node, m, maxBytes);
                node.Children = null;
                node.Content = replacement;
                m.Note($"content of {name} replaced by {replacement.Length} bytes {Preview(replacement)}");
                break;
        }
    }

    private static byte[] AdjacentLength(DerNode node, Mutagen m)
    {
        var real = node.EncodeContent().Length;
        var wrong = Math.Max(0, real + m.Pick([-2, -1, 1, 2, 127, 128]));
        return m.OneIn(2) ? DerNode.Length(wrong) : [0x84, .. BitConverter.GetBytes(wrong).Reverse()];
    }

    /// <summary>
    /// The node inside <paramref name="depth"/> SEQUENCEs, as one pre-encoded leaf: building (and later encoding) a
    /// tree that deep would take the mutator's own stack, and the point is to test the service's.
    /// </summary>
    private static DerNode Wrap(DerNode node, int depth)
    {
        var inner = node.Encode();
        var headers = new List<byte[]>(depth);
        var length = inner.Length;
        for (var i = 1; i < depth; i++)
        {
            var header = (byte[])[0x30, .. DerNode.Length(length)];
            headers.Add(header);
            length += header.Length;
        }

        using var content = new MemoryStream(length);
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            content.Write(headers[i]);
        }

        content.Write(inner);
        return DerNode.Leaf(0x30, content.ToArray());
    }

    private static void Replace(DerNode root, DerNode node, DerNode? parent, DerNode replacement)
    {
        if (parent is null)
        {
            // The root itself: callers hold the root object, so it becomes the outermost SEQUENCE.
            root.Tag = replacement.Tag;
            root.Content = replacement.Content;
            root.Children = replacement.Children;
            root.LengthOverride = null;
            return;
        }

        parent.Children![parent.Children.IndexOf(node)] = replacement;
    }

    private static DerNode RandomElement(Mutagen m) => m.Next(6) switch
    {
        0 => DerNode.Leaf(0x05, []),
        1 => DerNode.Leaf(0x02, m.Bytes(m.Next(1, 40))),
        2 => DerNode.Leaf(0x06, [0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, (byte)m.Next(128)]),
        3 => DerNode.Leaf(0x0C, Encoding.UTF8.GetBytes("ทดสอบ\u0000\uFFFD")),
        4 => DerNode.Constructed(0x30, [DerNode.Leaf(0x06, [0x55, 0x1D, 0x11]), DerNode.Leaf(0x04, m.Bytes(m.Next(0, 20)))]),
        _ => DerNode.Leaf((byte)m.Next(256), m.Bytes(m.Next(0, 16))),
    };

    /// <summary>Content that is wrong for the element's own type in the ways decoders tend to mishandle.</summary>
    private static byte[] HostileContent(DerNode node, Mutagen m, int maxBytes)
    {
        var huge = Math.Min(m.Pick([256, 4_096, 60_000]), Math.Max(16, maxBytes / 2));
        return (node.Tag[0], m.Next(5)) switch
        {
            (0x02, 0) => [],
            (0x02, 1) => [0x00, 0x00, 0x00, 0x01],
            (0x02, 2) => [0xFF, .. m.Bytes(m.Next(1, 9))],
            (0x02, _) => [0x7F, .. Enumerable.Repeat((byte)0xFF, Math.Min(huge, 600))],
            (0x06, 0) => [],
            (0x06, 1) => [0x80],
            (0x06, 2) => [0x2A, .. Enumerable.Repeat((byte)0xFF, 20), 0x01],
            (0x06, _) => [.. Enumerable.Repeat((byte)0x81, Math.Min(huge, 2_000)), 0x01],
            (0x03, 0) => [],
            (0x03, 1) => [0x08, 0xFF],
            (0x03, _) => [(byte)m.Next(256), .. m.Bytes(m.Next(0, 8))],
            (0x01, _) => m.Pick<byte[]>([[], [0x01], [0xFF, 0xFF]]),
            (0x05, _) => [0x00],
            (0x17 or 0x18, 0) => Encoding.ASCII.GetBytes("991399999999Z"),
            (0x17 or 0x18, 1) => Encoding.ASCII.GetBytes("00010101000000Z"),
            (0x17 or 0x18, 2) => Encoding.ASCII.GetBytes("20261301250000+9999"),
            (0x17 or 0x18, _) => [],
            (0x0C or 0x13 or 0x16 or 0x14 or 0x1E, 0) => [0xC0, 0x80, 0xED, 0xA0, 0x80, 0xFF],
            (0x0C or 0x13 or 0x16 or 0x14 or 0x1E, 1) => Encoding.UTF8.GetBytes("สมชาย\u0000<script>\u202E"),
            (0x0C or 0x13 or 0x16 or 0x14 or 0x1E, 2) => [0x00],
            (0x0C or 0x13 or 0x16 or 0x14 or 0x1E, _) => Encoding.UTF8.GetBytes(new string('ก', huge / 3)),
            _ => m.OneIn(2) ? [] : m.Bytes(m.OneIn(4) ? huge : m.Next(1, 64)),
        };
    }

    private static string Describe(DerNode node) => node.Tag[0] switch
    {
        0x01 => "BOOLEAN",
        0x02 => "INTEGER",
        0x03 => "BIT STRING",
        0x04 => "OCTET STRING",
        0x05 => "NULL",
        0x06 => "OID",
        0x0C => "UTF8String",
        0x13 => "PrintableString",
        0x17 => "UTCTime",
        0x18 => "GeneralizedTime",
        0x30 => "SEQUENCE",
        0x31 => "SET",
        var t when (t & 0xC0) == 0x80 => $"[{t & 0x1F}]",
        var t => $"tag {t:X2}",
    };

    private static string Preview(byte[] bytes) => bytes.Length <= 12 ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes[..12]) + "…";
}
