using Ca.Core.Validation;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Compares the document a signature signed (its revision) with the document as it is now, object by
/// object, and judges each change. What PAdES and ISO 32000 permit after signing is allowed: new
/// signature and document time-stamp fields (the field, its widget on a page, the AcroForm listing it),
/// a DSS, the Info dictionary. Anything else that changes an existing object (a page's content or
/// resources, a font, an image, a non-signature annotation added to a page) changes what the reader sees,
/// which is how the shadow and incremental-saving attacks work, and is not allowed.
/// </summary>
internal static class PdfChangeAnalyzer
{
    private static readonly HashSet<string> CatalogKeysAllowedToChange = ["AcroForm", "DSS", "Extensions"];
    private static readonly HashSet<string> FormKeysAllowedToChange = ["Fields", "SigFlags", "DR", "DA", "NeedAppearances"];

    public static IReadOnlyList<PdfChange> Analyze(PdfFile signed, PdfFile current, IReadOnlyList<long> revisionEnds)
    {
        var changes = new List<PdfChange>();
        var info = (current.Trailer["Info"] as PdfReference)?.Number;
        foreach (var (number, entry) in current.Entries.OrderBy(e => e.Key))
        {
            if (!entry.InUse || (signed.Entries.TryGetValue(number, out var before) && before == entry))
            {
                continue;
            }

            if (changes.Count >= 50)
            {
                changes.Add(new PdfChange(0, false, "More changes were not examined."));
                break;
            }

            var revision = RevisionOf(current, entry, revisionEnds);
            var now = current.GetObject(number);
            var then = signed.Entries.ContainsKey(number) ? signed.GetObject(number) : null;
            if (now is null || Equals(now, then) || IsContainer(now))
            {
                continue;
            }

            if (then is null)
            {
                changes.Add(new PdfChange(revision, true, $"Object {number} added ({Describe(current, now)})."));
                continue;
            }

            var verdict = Judge(signed, current, number, then, now, info);
            changes.Add(new PdfChange(revision, verdict.Allowed, $"Object {number} ({Describe(current, now)}) changed: {verdict.What}"));
        }

        foreach (var (number, entry) in signed.Entries)
        {
            if (entry.InUse && (!current.Entries.TryGetValue(number, out var after) || !after.InUse))
            {
                changes.Add(new PdfChange(revisionEnds.Count, false, $"Object {number} was deleted."));
            }
        }

        return changes;
    }

    private static (bool Allowed, string What) Judge(PdfFile signed, PdfFile current, int number, PdfObject then, PdfObject now, int? info)
    {
        if (number == info)
        {
            return (true, "document information (metadata) updated.");
        }

        switch (then, now)
        {
            case (PdfDictionary a, PdfDictionary b) when a.Name("Type") == "Catalog":
                return KeysOnly(a, b, CatalogKeysAllowedToChange, current, "catalog");
            case (PdfDictionary a, PdfDictionary b) when a.Name("Type") == "DSS" || b.Name("Type") == "DSS":
                return (true, "validation data (DSS) added.");
            case (PdfDictionary a, PdfDictionary b) when a["Fields"] is not null || IsAcroForm(signed, number):
                return KeysOnly(a, b, FormKeysAllowedToChange, current, "form");
            case (PdfDictionary a, PdfDictionary b) when a.Name("Type") == "Page":
                return KeysOnly(a, b, new HashSet<string> { "Annots" }, current, "page");
            case (PdfDictionary a, PdfDictionary b) when a.Name("FT") == "Sig" && a["V"] is null:
                return (true, "an empty signature field was signed.");
            case (PdfArray a, PdfArray b):
                return OnlySignaturesAppended(a, b, current, "array");
            default:
                return (false, "content the signature covered was replaced.");
        }
    }

    private static (bool, string) KeysOnly(PdfDictionary a, PdfDictionary b, IReadOnlySet<string> allowed, PdfFile current, string what)
    {
        var keys = a.Entries.Select(e => e.Key).Union(b.Entries.Select(e => e.Key));
        var changed = keys.Where(k => !Equals(a[k], b[k])).ToList();
        var forbidden = changed.Where(k => !allowed.Contains(k)).ToList();
        if (forbidden.Count > 0)
        {
            return (false, $"{what} entries {string.Join(", ", forbidden.Select(k => "/" + k))} changed.");
        }

        foreach (var key in changed)
        {
            if (a[key] is PdfArray before && b[key] is PdfArray after && key is "Annots" or "Fields")
            {
                var (ok, message) = OnlySignaturesAppended(before, after, current, "/" + key);
                if (!ok)
                {
                    return (false, message);
                }
            }
        }

        return (true, changed.Count == 0 ? "rewritten unchanged." : $"{what} entries {string.Join(", ", changed.Select(k => "/" + k))} updated for a signature.");
    }

    /// <summary>An /Annots or /Fields array may only grow, and only by signature fields.</summary>
    private static (bool, string) OnlySignaturesAppended(PdfArray before, PdfArray after, PdfFile current, string what)
    {
        if (!before.Items.All(after.Items.Contains))
        {
            return (false, $"{what}: entries were removed or replaced.");
        }

        foreach (var added in after.Items.Except(before.Items))
        {
            if (current.Resolve(added) is not PdfDictionary item || (item.Name("FT") != "Sig" && item.Name("Subtype") == "Widget" && (current.Resolve(item["Parent"]) as PdfDictionary)?.Name("FT") != "Sig") || (item.Name("FT") != "Sig" && item.Name("Subtype") != "Widget"))
            {
                return (false, $"{what}: something other than a signature field was added ({(current.Resolve(added) is PdfDictionary d ? Describe(current, d) : "?")}).");
            }
        }

        return (true, $"{what}: signature fields appended.");
    }

    private static bool IsAcroForm(PdfFile signed, int number) =>
        signed.Catalog["AcroForm"] is PdfReference r && r.Number == number;

    private static bool IsContainer(PdfObject value) =>
        value is PdfStream s && s.Dictionary.Name("Type") is "XRef" or "ObjStm";

    private static string Describe(PdfFile file, PdfObject value)
    {
        var dictionary = value switch
        {
            PdfDictionary d => d,
            PdfStream s => s.Dictionary,
            _ => null,
        };
        if (dictionary is null)
        {
            return value is PdfArray ? "an array" : "a value";
        }

        var type = dictionary.Name("Type");
        var subtype = dictionary.Name("Subtype");
        var kind = value is PdfStream ? "stream" : "dictionary";
        return type is null && subtype is null ? $"a {kind}" : $"{kind} /{type ?? subtype}{(type is not null && subtype is not null ? " /" + subtype : string.Empty)}";
    }

    private static int RevisionOf(PdfFile current, PdfFile.XrefEntry entry, IReadOnlyList<long> revisionEnds)
    {
        var offset = entry.InObjectStream && current.Entries.TryGetValue(entry.StreamNumber, out var container) ? container.Offset : entry.Offset;
        for (var i = 0; i < revisionEnds.Count; i++)
        {
            if (offset < revisionEnds[i])
            {
                return i + 1;
            }
        }

        return revisionEnds.Count;
    }
}
