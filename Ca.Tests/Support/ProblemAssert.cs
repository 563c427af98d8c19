using System.Text.Json.Nodes;

namespace Ca.Tests.Support;

/// <summary>Asserts that a response is an RFC 9457 problem document with the expected status and type.</summary>
public static class ProblemAssert
{
    public const string TypeBase = "https://pki.example/problems/";

    /// <summary>
    /// The response is application/problem+json, its status is <paramref name="status"/> both on the wire
    /// and in the body, and its type ends in <paramref name="typeSuffix"/>. Returns the parsed body.
    /// </summary>
    public static async Task<JsonNode> IsProblemAsync(HttpResponseMessage response, int status, string typeSuffix, string because = "")
    {
        var text = await response.Content.ReadAsStringAsync();
        var context = $"{because}: got {(int)response.StatusCode} {response.Content.Headers.ContentType} '{Shorten(text)}'";
        Assert.True(status == (int)response.StatusCode, $"expected {status}; {context}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"expected application/problem+json; {context}");
        var body = JsonNode.Parse(text);
        Assert.True(body is JsonObject, $"expected a JSON object; {context}");
        Assert.Equal(status, body!["status"]?.GetValue<int>());
        Assert.Equal(TypeBase + typeSuffix, body["type"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["title"]?.GetValue<string>()), $"a problem needs a title; {context}");
        return body;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
