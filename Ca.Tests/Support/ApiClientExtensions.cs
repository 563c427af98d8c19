using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ca.Tests.Support;

/// <summary>Small helpers for talking JSON to the API in tests.</summary>
public static class ApiClientExtensions
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Submits a request that must be issued; returns the certificate PEM and serial.</summary>
    public static async Task<(string Pem, string Serial, JsonNode Body)> IssueAsync(this HttpClient client, object body)
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {json?.ToJsonString()}");
        Assert.Equal("issued", json!["status"]!.GetValue<string>());
        return (json["certificate"]!["pem"]!.GetValue<string>(), json["certificate"]!["serialNumber"]!.GetValue<string>(), json);
    }

    public static string Problem(this JsonNode? body) => body?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "<empty>";
}

/// <summary>JSON posting without the Content-Length-less chunking some endpoints see from PostAsJsonAsync.</summary>
public static class HttpClientJsonExtensions
{
    public static Task<HttpResponseMessage> PostAsJsonAsyncExact(this HttpClient client, string url, object body) =>
        client.PostAsync(url, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
}
