using System.Text.Json.Nodes;

namespace Ca.Tests.Mutation;

/// <summary>One operation of the service's OpenAPI document.</summary>
internal sealed record OpenApiOperation(string Method, string Path, IReadOnlyList<OpenApiParameter> Parameters, IReadOnlyList<string> BodyTypes, JsonNode? JsonBodySchema)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A path or query parameter and its schema type ("string", "integer", "boolean"; format "date-time", "uuid").</summary>
internal sealed record OpenApiParameter(string Name, string In, string? Type, string? Format);

/// <summary>
/// Reads the operations from the service's own /swagger/v1/swagger.json, so an endpoint added later is fuzzed
/// without anyone listing it here; and writes a plausible JSON body for a request schema, which the mutator
/// then damages.
/// </summary>
internal static class OpenApiOperations
{
    public static IReadOnlyList<OpenApiOperation> Read(JsonNode document)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = (operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => new OpenApiParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]?["type"]?.GetValue<string>(), p["schema"]?["format"]?.GetValue<string>()))
                    .ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var types = content?.Select(c => c.Key).ToList() ?? [];
                var schema = content?["application/json"]?["schema"];
                operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path, parameters, types, schema is null ? null : Resolve(document, schema)));
            }
        }

        return operations;
    }

    /// <summary>A sample value for a schema: every property present with a value of its type.</summary>
    public static JsonNode? Sample(JsonNode document, JsonNode? schema, int depth = 0)
    {
        schema = schema is null ? null : Resolve(document, schema);
        if (schema is null || depth > 6)
        {
            return null;
        }

        var type = schema["type"] is JsonArray types ? types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") : schema["type"]?.GetValue<string>();
        return type switch
        {
            "object" or null when schema["properties"] is JsonObject properties =>
                new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, Sample(document, p.Value, depth + 1)))),
            "object" when schema["additionalProperties"] is JsonNode values =>
                new JsonObject { ["CN"] = Sample(document, values, depth + 1) ?? "ทดสอบ", ["O"] = "กรมตัวอย่าง", ["C"] = "TH" },
            "array" => new JsonArray(Sample(document, schema["items"], depth + 1)),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "string" when schema["format"]?.GetValue<string>() == "date-time" => JsonValue.Create("2026-06-01T00:00:00Z"),
            "string" when schema["format"]?.GetValue<string>() == "uuid" => JsonValue.Create(Guid.Empty.ToString()),
            "string" => JsonValue.Create("ทดสอบ"),
            _ => new JsonObject(),
        };
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        for (var i = 0; i < 10 && schema["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            var node = document;
            foreach (var segment in reference.TrimStart('#', '/').Split('/'))
            {
                node = node[segment]!;
            }

            schema = node;
        }

        return schema;
    }
}
