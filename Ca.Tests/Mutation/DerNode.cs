namespace Ca.Tests.Mutation;

/// <summary>
/// One ASN.1 element of a DER encoding as a tree the mutator can edit and re-encode. Constructed elements hold
/// their children; OCTET STRINGs and BIT STRINGs whose contents are themselves DER (extension values, keys) are
/// opened too, so a mutation can land deep inside a structure and every enclosing length is recomputed: the
/// parser under test then meets the damage where it decodes that element, not as one broken outer length.
/// Anything that does not parse as definite-length DER stays an opaque leaf, so an unmodified tree re-encodes
/// to exactly the bytes it was read from.
/// </summary>
internal sealed class DerNode
{
    private const int MaxParseDepth = 40;

    private DerNode(byte[] tag, byte[] content, List<DerNode>? children, bool bitStringWrapper)
    {
        Tag = tag;
        Content = content;
        Children = children;
        BitStringWrapper = bitStringWrapper;
    }

    /// <summary>The identifier octets (one, or more in the high-tag-number form).</summary>
    public byte[] Tag { get; set; }

    /// <summary>The content octets of a leaf (ignored when <see cref="Children"/> is set).</summary>
    public byte[] Content { get; set; }

    /// <summary>The elements inside a constructed element, or inside an OCTET/BIT STRING that wraps DER.</summary>
    public List<DerNode>? Children { get; set; }

    /// <summary>For a BIT STRING that wraps DER: its contents start with the unused-bits octet.</summary>
    public bool BitStringWrapper { get; }

    /// <summary>Length octets written instead of the true length (a corrupted length field), when set.</summary>
    public byte[]? LengthOverride { get; set; }

    /// <summary>The first identifier octet's tag number (low-tag-number form), e.g. 0x10 for SEQUENCE.</summary>
    public int TagNumber => Tag[0] & 0x1F;

    /// <summary>A fresh leaf.</summary>
    public static DerNode Leaf(byte tag, byte[] content) => new([tag], content, null, false);

    /// <summary>A fresh constructed element.</summary>
    public static DerNode Constructed(byte tag, IEnumerable<DerNode> children) => new([tag], [], children.ToList(), false);

    /// <summary>Parses a whole encoding; null when it is not one definite-length element.</summary>
    public static DerNode? TryParse(byte[] der)
    {
        var offset = 0;
        var node = TryRead(der, ref offset, 0);
        return node is not null && offset == der.Length ? node : null;
    }

    /// <summary>This element and every element inside it, in document order.</summary>
    public IEnumerable<DerNode> PreOrder()
    {
        yield return this;
        foreach (var child in Children ?? [])
        {
            foreach (var inner in child.PreOrder())
            {
                yield return inner;
            }
        }
    }

    /// <summary>The element that holds <paramref name="node"/> directly, or null for the root.</summary>
    public DerNode? ParentOf(DerNode node) =>
        PreOrder().FirstOrDefault(n => n.Children?.Any(c => ReferenceEquals(c, node)) == true);

    /// <summary>A deep copy, so one parsed seed can be mutated many times.</summary>
    public DerNode Clone() => new((byte[])Tag.Clone(), (byte[])Content.Clone(), Children?.Select(c => c.Clone()).ToList(), BitStringWrapper)
    {
        LengthOverride = LengthOverride is null ? null : (byte[])LengthOverride.Clone(),
    };

    /// <summary>The element's encoding, with every length recomputed except overridden ones.</summary>
    public byte[] Encode()
    {
        var content = EncodeContent();
        return [.. Tag, .. LengthOverride ?? Length(content.Length), .. content];
    }

    /// <summary>The content octets as they would be written.</summary>
    public byte[] EncodeContent()
    {
        if (Children is null)
        {
            return Content;
        }

        using var buffer = new MemoryStream();
        if (BitStringWrapper)
        {
            buffer.WriteByte(0);
        }

        foreach (var child in Children)
        {
            buffer.Write(child.Encode());
        }

        return buffer.ToArray();
    }

    /// <summary>DER definite length octets.</summary>
    public static byte[] Length(int length)
    {
        if (length < 0x80)
        {
            return [(byte)length];
        }

        var octets = new List<byte>();
        for (var value = length; value > 0; value >>= 8)
        {
            octets.Insert(0, (byte)value);
        }

        return [(byte)(0x80 | octets.Count), .. octets];
    }

    private static DerNode? TryRead(byte[] data, ref int offset, int depth)
    {
        var start = offset;
        if (offset >= data.Length)
        {
            return null;
        }

        var tagEnd = offset + 1;
        if ((data[offset] & 0x1F) == 0x1F)
        {
            while (tagEnd < data.Length && (data[tagEnd] & 0x80) != 0)
            {
                tagEnd++;
            }

            tagEnd++;
            if (tagEnd > data.Length)
            {
                return null;
            }
        }

        var tag = data[start..tagEnd];
        offset = tagEnd;
        if (offset >= data.Length)
        {
            return null;
        }

        int length = data[offset++];
        if (length == 0x80)
        {
            return null;
        }

        if (length > 0x80)
        {
            var count = length & 0x7F;
            if (count > 3 || offset + count > data.Length)
            {
                return null;
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | data[offset++];
            }
        }

        if (offset + length > data.Length)
        {
            return null;
        }

        var content = data[offset..(offset + length)];
        offset += length;
        var constructed = (tag[0] & 0x20) != 0;
        if (constructed)
        {
            var children = depth < MaxParseDepth ? TryReadAll(content, depth + 1) : null;
            return children is null ? new DerNode(tag, content, null, false) : new DerNode(tag, [], children, false);
        }

        // DER hidden in an OCTET STRING (extnValue) or a BIT STRING with no unused bits (subjectPublicKey).
        if (depth < MaxParseDepth && tag.Length == 1 && content.Length > 1)
        {
            if (tag[0] == 0x04 && content[0] is 0x30 or 0x31 or 0x04 or 0x03 && TryReadAll(content, depth + 1) is { } wrapped)
            {
                return new DerNode(tag, [], wrapped, false);
            }

            if (tag[0] == 0x03 && content[0] == 0 && content.Length > 2 && content[1] is 0x30 && TryReadAll(content[1..], depth + 1) is { } bits)
            {
                return new DerNode(tag, [], bits, true);
            }
        }

        return new DerNode(tag, content, null, false);
    }

    private static List<DerNode>? TryReadAll(byte[] content, int depth)
    {
        var children = new List<DerNode>();
        var offset = 0;
        while (offset < content.Length)
        {
            var child = TryRead(content, ref offset, depth);
            if (child is null)
            {
                return null;
            }

            children.Add(child);
        }

        return children;
    }
}
