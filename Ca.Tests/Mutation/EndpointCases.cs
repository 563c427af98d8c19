using System.Text;
using System.Text.Json.Nodes;
using Ca.Core.Common;
using Ca.Tests.Support;

namespace Ca.Tests.Mutation;

/// <summary>
/// Hostile requests to any operation of the OpenAPI document: path parameters that are real ids (ones the
/// campaign may destroy, for operations that change state) or hostile strings; query parameters at the edges
/// of their types, repeated or unknown; a body made from the operation's schema and damaged, or a body of
/// another media type; anonymous, admin, requester, officer or forged credentials; odd Accept and
/// Accept-Language headers.
/// </summary>
internal static class EndpointCases
{
    private static readonly string[] Integers = ["1", "0", "-1", "2147483647", "2147483648", "-2147483648", "abc", "1e3", "", "0x10", "1.5", "١"];
    private static readonly string[] Booleans = ["true", "false", "TRUE", "1", "yes", ""];
    private static readonly string[] Times = ["2026-06-01T00:00:00Z", "0001-01-01", "9999-12-31T23:59:59+14:00", "2026-02-30", "yesterday", "", "2026-06-01T00:00:00+99:00"];

    /// <summary>A stable seed per operation, so adding an endpoint does not change the cases of the others.</summary>
    public static int SeedOf(int baseSeed, OpenApiOperation operation)
    {
        var hash = 2166136261u;
        foreach (var c in operation.ToString())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return baseSeed + (int)(hash % 100_000);
    }

    public static MutationCase Make(OpenApiOperation operation, JsonNode document, SeedCorpus seeds, Mutagen m)
    {
        m.Note(operation.ToString());
        var reads = operation.Method is "GET" or "HEAD";
        var ids = reads ? seeds.ReadableIds : seeds.VictimIds;
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            // Real ids go into the path as they are (the OCSP one is escaped base64 already); anything else escaped.
            var real = ids.TryGetValue(parameter.Name, out var known) && m.Next(10) < 4 ? m.Pick(known) : null;
            var value = real ?? HostileValues.ForPath(Value(parameter, m));
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (m.OneIn(2))
            {
                continue;
            }

            var value = seeds.ReadableIds.TryGetValue(parameter.Name, out var known) && m.Next(10) < 4
                ? Uri.EscapeDataString(m.Pick(known))
                : HostileValues.ForQuery(Value(parameter, m));
            query.Add($"{parameter.Name}={value}");
            if (m.OneIn(10))
            {
                query.Add($"{parameter.Name}={HostileValues.ForQuery(m.Pick(HostileValues.Strings))}");
                m.Note($"query: {parameter.Name} twice");
            }
        }

        if (m.OneIn(10))
        {
            query.Add($"{HostileValues.ForQuery(m.Pick(["page", "pageSize", "$filter", "ก", "a[b]"]))}={HostileValues.ForQuery(m.Pick(HostileValues.Strings))}");
            m.Note("query: an undeclared parameter");
        }

        var target = query.Count == 0 ? path : path + "?" + string.Join('&', query);
        var (body, type) = Body(operation, document, seeds, m);
        var headers = new List<KeyValuePair<string, string>>();
        string? key = null;
        switch (m.Next(10))
        {
            case 0 or 1 or 2:
                m.Note("anonymous");
                break;
            case 3 or 4 or 5:
                key = PkiApiFactory.AdminKey;
                m.Note("admin");
                break;
            case 6 or 7:
                key = seeds.RequesterKey;
                m.Note("requester");
                break;
            case 8:
                key = seeds.OfficerKey;
                m.Note("officer");
                break;
            default:
                var forged = m.Pick(HostileValues.Authorizations);
                headers.Add(new(m.OneIn(3) ? "X-Api-Key" : "Authorization", HostileValues.ForHeader(forged)));
                m.Note("forged credentials");
                break;
        }

        if (m.OneIn(3))
        {
            headers.Add(new("Accept", HostileValues.ForHeader(m.Pick(HostileValues.MediaTypes))));
        }

        if (m.OneIn(10))
        {
            headers.Add(new("Accept-Language", HostileValues.ForHeader(m.Pick(["th", "en", "zz", "*", "th-TH-u-ca-buddhist", "en;q=abc", new string('a', 3_000), ""]))));
        }

        if (m.OneIn(20))
        {
            headers.Add(new(m.Pick(["If-None-Match", "If-Modified-Since", "Range", "X-Forwarded-For", "Cookie"]), HostileValues.ForHeader(m.Pick(HostileValues.Strings))));
        }

        var answer = operation.Path switch
        {
            var p when p.StartsWith("/ocsp", StringComparison.Ordinal) => Answer.Ocsp,
            "/tsa" => Answer.TimeStamp,
            var p when p.StartsWith("/acme/", StringComparison.Ordinal) => Answer.Acme,
            var p when p.EndsWith("/verify", StringComparison.Ordinal) && operation.Method == "POST" => Answer.Report,
            _ => Answer.Problem,
        };
        var readOnly = reads || answer is Answer.Ocsp or Answer.TimeStamp or Answer.Report;
        return new(m, new FuzzRequest(operation.Method, target) { Body = body, ContentType = type, ApiKey = key, Headers = headers }, answer, readOnly);
    }

    private static string Value(OpenApiParameter parameter, Mutagen m)
    {
        return (parameter.Type, parameter.Format) switch
        {
            ("integer", _) when !m.OneIn(4) => m.Pick(Integers),
            ("boolean", _) when !m.OneIn(4) => m.Pick(Booleans),
            (_, "date-time") when !m.OneIn(4) => m.Pick(Times),
            (_, "uuid") when !m.OneIn(4) => m.Pick([Guid.Empty.ToString(), "6f0c4a1e-2b7d-4c3e-9a5f-000000000001", "{" + Guid.Empty + "}", "0"]),
            _ => m.Pick(HostileValues.Strings),
        };
    }

    private static (byte[]? Body, string? ContentType) Body(OpenApiOperation operation, JsonNode document, SeedCorpus seeds, Mutagen m)
    {
        if (operation.BodyTypes.Count == 0)
        {
            if (!m.OneIn(10))
            {
                return (null, null);
            }

            m.Note("an unexpected body");
            return (Encoding.UTF8.GetBytes("{\"unexpected\": \"ทดสอบ\"}"), m.Pick(HostileValues.MediaTypes));
        }

        var type = m.Pick(operation.BodyTypes);
        var wrongType = m.OneIn(10);
        var body = type switch
        {
            "application/json" => JsonMutator.Mutate(
                OpenApiOperations.Sample(document, operation.JsonBodySchema) as JsonObject ?? [], m, 500_000),
            "application/x-pem-file" => Encoding.UTF8.GetBytes(PemMutations.Mutate("CERTIFICATE", seeds.Chains[0].Certificates[0], m, 500_000)),
            "application/ocsp-request" => m.Damage(m.Pick(seeds.OcspRequests)),
            "application/timestamp-query" => m.Damage(m.Pick(seeds.TimeStampQueries)),
            "multipart/form-data" => MultipartForm(seeds, m, out type),
            _ => m.OneIn(2) ? seeds.Document : m.Bytes(m.Next(0, 4_096)),
        };
        if (wrongType)
        {
            type = m.Pick(HostileValues.MediaTypes);
            m.Note($"content type '{type}'");
        }

        return (body, type);
    }

    private static byte[] MultipartForm(SeedCorpus seeds, Mutagen m, out string type)
    {
        var seed = seeds.Signatures[0];
        var (body, contentType) = MultipartBody.Mutate(
            [MultipartPart.File("signature", "s.p7s", seed.Der), MultipartPart.File("document", "d.txt", seed.Document!)], m, 500_000);
        type = contentType;
        return body;
    }
}
