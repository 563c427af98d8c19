namespace Ca.Core.Documents.Pades;

/// <summary>Navigation over a parsed PDF that signing and verification share: pages and form fields, both bounded.</summary>
internal static class PdfDocumentView
{
    /// <summary>The page references in order (the /Pages tree walked depth-first, bounded in depth and count).</summary>
    public static IReadOnlyList<PdfReference> Pages(PdfFile file)
    {
        var pages = new List<PdfReference>();
        var visited = new HashSet<int>();
        var stack = new Stack<(PdfObject Node, int Depth)>();
        stack.Push((file.Catalog["Pages"] ?? throw new PdfFormatException("The catalog has no /Pages."), 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (node is not PdfReference reference || !visited.Add(reference.Number))
            {
                continue;
            }

            if (depth > file.Limits.MaxTreeDepth || visited.Count > file.Limits.MaxObjects)
            {
                throw new PdfFormatException("The page tree is too deep or too large.");
            }

            if (file.Resolve(reference) is not PdfDictionary dictionary)
            {
                continue;
            }

            if (dictionary.Name("Type") == "Page" || (dictionary["Kids"] is null && dictionary.Name("Type") != "Pages"))
            {
                pages.Add(reference);
                continue;
            }

            if (file.Resolve(dictionary["Kids"]) is PdfArray kids)
            {
                for (var i = kids.Items.Count - 1; i >= 0; i--)
                {
                    stack.Push((kids.Items[i], depth + 1));
                }
            }
        }

        return pages;
    }

    /// <summary>Every terminal form field with its fully qualified name (parents' /T joined by dots), bounded.</summary>
    public static IReadOnlyList<(PdfReference? Reference, PdfDictionary Field, string Name)> Fields(PdfFile file)
    {
        var result = new List<(PdfReference?, PdfDictionary, string)>();
        if (file.Resolve(file.Catalog["AcroForm"]) is not PdfDictionary form || file.Resolve(form["Fields"]) is not PdfArray fields)
        {
            return result;
        }

        var visited = new HashSet<int>();
        var stack = new Stack<(PdfObject Node, string Prefix, string? InheritedType, int Depth)>();
        for (var i = fields.Items.Count - 1; i >= 0; i--)
        {
            stack.Push((fields.Items[i], string.Empty, null, 0));
        }

        while (stack.Count > 0)
        {
            var (node, prefix, inheritedType, depth) = stack.Pop();
            if (node is PdfReference r && !visited.Add(r.Number))
            {
                continue;
            }

            if (depth > file.Limits.MaxTreeDepth || visited.Count > file.Limits.MaxObjects)
            {
                throw new PdfFormatException("The form field tree is too deep or too large.");
            }

            if (file.Resolve(node) is not PdfDictionary field)
            {
                continue;
            }

            var partial = (field["T"] as PdfString)?.AsText();
            var name = partial is null ? prefix : prefix.Length == 0 ? partial : $"{prefix}.{partial}";
            var type = field.Name("FT") ?? inheritedType;
            var kids = file.Resolve(field["Kids"]) as PdfArray;
            var fieldKids = kids?.Items.Where(k => file.Resolve(k) is PdfDictionary d && d["T"] is not null).ToList();
            if (fieldKids is { Count: > 0 })
            {
                for (var i = fieldKids.Count - 1; i >= 0; i--)
                {
                    stack.Push((fieldKids[i], name, type, depth + 1));
                }

                continue;
            }

            result.Add((node as PdfReference, type is null ? field : field.With("FT", new PdfName(type)), name));
        }

        return result;
    }
}
