using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Ca.Tests.Mutation;

/// <summary>A field of an HTML form: its name, input type and the value the page filled in.</summary>
internal sealed record FormField(string Name, string Type, string Value);

/// <summary>A POST form of a portal page, with the antiforgery cookie it needs and the session cookie, if any.</summary>
internal sealed record PortalForm(string Page, string Action, bool Multipart, IReadOnlyList<FormField> Fields, string Cookie)
{
    public override string ToString() => $"{Page} → POST {Action}";
}

/// <summary>
/// Finds the POST forms of portal pages (as a browser sees them, antiforgery token included) and mutates what is
/// posted: field values replaced by hostile strings, fields dropped, repeated or added, files replaced by damaged
/// CSRs, signatures and certificates, the antiforgery token or cookie damaged or missing, the encoding switched.
/// The portal answers people, so the only requirement is no 5xx (and, for pages that only read, no write).
/// </summary>
internal static partial class PortalForms
{
    public static async Task<IReadOnlyList<PortalForm>> DiscoverAsync(HttpClient client, IEnumerable<string> pages, string? sessionCookie)
    {
        var forms = new List<PortalForm>();
        var actions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            if (sessionCookie is not null)
            {
                request.Headers.Add("Cookie", sessionCookie);
            }

            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"portal page {page} answered {(int)response.StatusCode}");
            var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : [];
            var cookie = string.Join("; ", [.. cookies, .. sessionCookie is null ? [] : new[] { sessionCookie }]);
            var html = await response.Content.ReadAsStringAsync();
            foreach (Match form in FormPattern().Matches(html))
            {
                var attributes = form.Groups["attributes"].Value;
                if (!Attribute(attributes, "method").Equals("post", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var action = WebUtility.HtmlDecode(Attribute(attributes, "action"));
                if (!actions.Add(action.Length == 0 ? page : action))
                {
                    // The same form on every page (signing out): fuzzed once.
                    continue;
                }

                forms.Add(new PortalForm(page, action.Length == 0 ? page : action, Attribute(attributes, "enctype") == "multipart/form-data", Fields(form.Groups["body"].Value), cookie));
            }
        }

        return forms;
    }

    public static MutationCase Make(PortalForm form, SeedCorpus seeds, Mutagen m)
    {
        m.Note(form.ToString());
        var fields = form.Fields.Select(f => (f.Name, f.Type, Value: (object)Fill(f, seeds))).ToList();
        var edits = m.Next(1, 4);
        for (var e = 0; e < edits && fields.Count > 0; e++)
        {
            var index = m.Next(fields.Count);
            var (name, type, value) = fields[index];
            switch (m.Next(8))
            {
                case 0:
                    fields.RemoveAt(index);
                    m.Note($"field {name} removed");
                    break;
                case 1:
                    fields.Insert(index, fields[index]);
                    m.Note($"field {name} twice");
                    break;
                case 2:
                    fields.Add((m.Pick(["handler", "Profile", "Method", "ReturnUrl", "ก", "__RequestVerificationToken"]), "text", m.Pick(HostileValues.Strings)));
                    m.Note("a field added");
                    break;
                case 3 when value is byte[] bytes:
                    fields[index] = (name, type, m.Damage(bytes));
                    break;
                case 4 when value is byte[] file && DerNode.TryParse(file) is { } tree:
                    m.Note($"file {name}, DER");
                    fields[index] = (name, type, DerMutator.Mutate(tree, m, 200_000));
                    break;
                default:
                    var hostile = m.Pick(HostileValues.Strings);
                    fields[index] = (name, type, hostile);
                    m.Note($"{name} = '{(hostile.Length > 30 ? hostile[..30] + "…" : hostile)}'");
                    break;
            }
        }

        var cookie = m.OneIn(10) ? null : form.Cookie;
        if (cookie is null)
        {
            m.Note("no cookies");
        }

        var multipart = form.Multipart != m.OneIn(10);
        byte[] body;
        string contentType;
        if (multipart)
        {
            var parts = fields.Select(f => f.Value is byte[] file
                ? MultipartPart.File(f.Name, "upload.bin", file)
                : MultipartPart.Field(f.Name, (string)f.Value)).ToList();
            (body, contentType) = MultipartBody.Write(parts);
        }
        else
        {
            body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value is byte[] b ? Encoding.Latin1.GetString(b) : (string)f.Value)}")));
            contentType = "application/x-www-form-urlencoded";
        }

        return new(m, new FuzzRequest("POST", form.Action) { Body = body, ContentType = contentType, Cookie = cookie }, Answer.Page, ReadOnly: false);
    }

    /// <summary>A real value for the field: the page's own, or a seed file for a file input.</summary>
    private static object Fill(FormField field, SeedCorpus seeds) => field.Type switch
    {
        "file" when field.Name.Contains("Csr", StringComparison.OrdinalIgnoreCase) => Ca.Core.Common.Pem.Encode("CERTIFICATE REQUEST", seeds.Csrs[0].Der).Select(c => (byte)c).ToArray(),
        "file" when field.Name.Contains("Signature", StringComparison.OrdinalIgnoreCase) => seeds.Signatures[0].Der,
        "file" when field.Name.Contains("Certificate", StringComparison.OrdinalIgnoreCase) => seeds.Chains[0].Certificates[0],
        "file" => seeds.Document,
        _ when field.Name.Contains("Csr", StringComparison.OrdinalIgnoreCase) => Ca.Core.Common.Pem.Encode("CERTIFICATE REQUEST", seeds.Csrs[0].Der),
        _ when field.Name.Contains("CertificatePem", StringComparison.OrdinalIgnoreCase) => Ca.Core.Common.Pem.Encode("CERTIFICATE", seeds.Chains[0].Certificates[0]),
        _ => field.Value,
    };

    private static List<FormField> Fields(string body)
    {
        var fields = new List<FormField>();
        foreach (Match input in InputPattern().Matches(body))
        {
            var attributes = input.Groups["attributes"].Value;
            var type = Attribute(attributes, "type") is { Length: > 0 } t ? t : "text";
            var name = Attribute(attributes, "name");
            if (name.Length == 0 || (type is "radio" or "checkbox" && !attributes.Contains("checked", StringComparison.Ordinal)))
            {
                continue;
            }

            fields.Add(new FormField(name, type, WebUtility.HtmlDecode(Attribute(attributes, "value"))));
        }

        foreach (Match area in TextAreaPattern().Matches(body))
        {
            fields.Add(new FormField(Attribute(area.Groups["attributes"].Value, "name"), "textarea", WebUtility.HtmlDecode(area.Groups["text"].Value)));
        }

        foreach (Match select in SelectPattern().Matches(body))
        {
            var option = OptionPattern().Match(select.Groups["options"].Value);
            fields.Add(new FormField(Attribute(select.Groups["attributes"].Value, "name"), "select", option.Success ? WebUtility.HtmlDecode(option.Groups["value"].Value) : string.Empty));
        }

        return fields.Where(f => f.Name.Length > 0).ToList();
    }

    private static string Attribute(string attributes, string name)
    {
        var match = Regex.Match(attributes, $"""(?:^|\s){name}\s*=\s*"(?<value>[^"]*)" """.TrimEnd(), RegexOptions.IgnoreCase);
        return match.Success ? match.Groups["value"].Value : string.Empty;
    }

    [GeneratedRegex("""<form(?<attributes>[^>]*)>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input(?<attributes>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex("""<textarea(?<attributes>[^>]*)>(?<text>.*?)</textarea>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextAreaPattern();

    [GeneratedRegex("""<select(?<attributes>[^>]*)>(?<options>.*?)</select>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("""<option[^>]*value="(?<value>[^"]*)"[^>]*selected""", RegexOptions.IgnoreCase)]
    private static partial Regex OptionPattern();
}
