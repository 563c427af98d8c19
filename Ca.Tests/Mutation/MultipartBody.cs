using System.Text;

namespace Ca.Tests.Mutation;

/// <summary>One part of a multipart/form-data body: its header lines and content.</summary>
internal sealed record MultipartPart(List<string> Headers, byte[] Content)
{
    public static MultipartPart File(string name, string fileName, byte[] content, string contentType = "application/octet-stream") =>
        new([$"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"", $"Content-Type: {contentType}"], content);

    public static MultipartPart Field(string name, string value) =>
        new([$"Content-Disposition: form-data; name=\"{name}\""], Encoding.UTF8.GetBytes(value));

    public MultipartPart Copy() => new([.. Headers], (byte[])Content.Clone());
}

/// <summary>
/// A multipart/form-data body the tests write byte by byte (so it can be wrong in every way), and its
/// mutations: parts removed, repeated (up to past the 1,024-field limit), reordered or renamed; part headers
/// missing, repeated, malformed or oversized; the boundary missing, wrong, too long, or inside the content;
/// LF instead of CRLF; junk before and after; the body cut short.
/// </summary>
internal static class MultipartBody
{
    public const string Boundary = "mutation-boundary-7MA4YWxkTrZu0gW";

    /// <summary>The body and its Content-Type header.</summary>
    public static (byte[] Body, string ContentType) Write(IReadOnlyList<MultipartPart> parts, string boundary = Boundary, string newline = "\r\n", byte[]? preamble = null, bool close = true)
    {
        using var body = new MemoryStream();
        body.Write(preamble ?? []);
        foreach (var part in parts)
        {
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}{newline}"));
            foreach (var header in part.Headers)
            {
                body.Write(Encoding.UTF8.GetBytes(header + newline));
            }

            body.Write(Encoding.UTF8.GetBytes(newline));
            body.Write(part.Content);
            body.Write(Encoding.UTF8.GetBytes(newline));
        }

        if (close)
        {
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}--{newline}"));
        }

        return (body.ToArray(), $"multipart/form-data; boundary={boundary}");
    }

    /// <summary>A mutation of the form's structure (the contents are mutated by the caller, if at all).</summary>
    public static (byte[] Body, string ContentType) Mutate(IReadOnlyList<MultipartPart> seed, Mutagen m, int maxBytes)
    {
        var parts = seed.Select(p => p.Copy()).ToList();
        switch (m.Next(16))
        {
            case 0 when parts.Count > 0:
                var removed = m.Next(parts.Count);
                parts.RemoveAt(removed);
                m.Note($"multipart: part {removed} removed");
                break;
            case 1 when parts.Count > 0:
                var copies = m.Pick([1, 2, 100, 1_100]);
                var which = m.Next(parts.Count);
                var size = parts[which].Content.Length + 100;
                copies = Math.Max(1, Math.Min(copies, maxBytes / size));
                parts.InsertRange(which, Enumerable.Range(0, copies).Select(_ => parts[which].Copy()));
                m.Note($"multipart: part {which} repeated {copies} times");
                break;
            case 2:
                parts.Reverse();
                m.Note("multipart: parts reversed");
                break;
            case 3 when parts.Count > 0:
                var renamed = parts[m.Next(parts.Count)];
                var name = m.Pick(["Signature", "signature ", "signature\u0000", string.Empty, "document[]", "ลายมือชื่อ", new string('n', 5_000), "signature\"; name=\"document"]);
                renamed.Headers[0] = $"Content-Disposition: form-data; name=\"{name}\"; filename=\"x\"";
                m.Note($"multipart: a part renamed '{Shorten(name)}'");
                break;
            case 4 when parts.Count > 0:
                var part = parts[m.Next(parts.Count)];
                var header = m.Pick([
                    "Content-Disposition: form-data", "Content-Disposition: attachment; name=\"signature\"", "Content-Disposition: form-data; name=signature; filename=",
                    "Content-Disposition: form-data; name=\"signature\"; filename*=UTF-8''%E0%B8%81.p7s", "Content-Disposition:", "Content-Disposition form-data",
                    "Content-Disposition: form-data; name=\"signature\"; filename=\"../../../../etc/passwd\"", ": no name", "Content-Type: multipart/mixed; boundary=inner",
                    "Content-Transfer-Encoding: base64", "Content-Length: 99999999", "X-Long: " + new string('h', 17_000), "\u0E01: \u0E01",
                ]);
                part.Headers[0] = header;
                m.Note($"multipart: first header of a part is '{Shorten(header)}'");
                break;
            case 5 when parts.Count > 0:
                var crowded = parts[m.Next(parts.Count)];
                var count = m.Pick([2, 16, 17, 100]);
                crowded.Headers.AddRange(Enumerable.Range(0, count).Select(i => $"X-Header-{i}: {i}"));
                m.Note($"multipart: {count} more headers in a part");
                break;
            case 6:
                var boundary = m.Pick([string.Empty, "\"\"", new string('b', 71), new string('b', 70), "a b", "ขอบเขต", "\"quoted-boundary\"", Boundary + "; boundary=other"]);
                var (body, _) = Write(parts);
                m.Note($"multipart: header boundary '{Shorten(boundary)}' (body uses another)");
                return (body, $"multipart/form-data; boundary={boundary}");
            case 7:
                m.Note("multipart: LF line ends");
                return Write(parts, newline: "\n");
            case 8:
                m.Note("multipart: no closing boundary");
                return Write(parts, close: false);
            case 9:
                var preamble = Encoding.UTF8.GetBytes(m.OneIn(2) ? "preamble text\r\n" : new string('p', Math.Min(200_000, maxBytes / 2)));
                m.Note($"multipart: {preamble.Length}-byte preamble");
                return Write(parts, preamble: preamble);
            case 10:
                var (whole, type) = Write(parts);
                var cut = m.Next(whole.Length);
                m.Note($"multipart: cut at {cut} of {whole.Length}");
                return (whole[..cut], type);
            case 11 when parts.Count > 0:
                var victim = parts[m.Next(parts.Count)];
                var at = m.Next(victim.Content.Length + 1);
                parts[parts.IndexOf(victim)] = victim with { Content = [.. victim.Content[..at], .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}\r\n"), .. victim.Content[at..]] };
                m.Note($"multipart: the boundary inside a part at {at}");
                break;
            case 12:
                parts.Add(MultipartPart.Field(m.Pick(["document", "signature", "extra", "ก"]), m.Pick(HostileValues.Strings)));
                m.Note("multipart: a text field added");
                break;
            case 13:
                var (raw, rawType) = Write(parts);
                m.Note("multipart: bytes");
                return (m.Damage(raw), rawType);
            default:
                m.Note("multipart: unchanged structure");
                break;
        }

        return Write(parts);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : $"{value[..40]}…({value.Length} chars)";
}
