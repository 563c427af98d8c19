using System.Net;
using System.Text.Json.Nodes;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Paging on every listing: page from 1, pageSize from 1 to 500, and no page whose row offset would
/// overflow. Anything else is a 400 problem naming the field; ?page=2147483647 never wraps to page 1.
/// </summary>
public sealed class PagingTests : IClassFixture<PkiApiFactory>
{
    private static readonly (string Path, string Role)[] Listings =
    [
        ("/api/v1/certificates", "requester"),
        ("/api/v1/certificate-requests", "requester"),
        ("/api/v1/audit", "auditor"),
    ];

    private readonly PkiApiFactory factory;

    public PagingTests(PkiApiFactory factory) => this.factory = factory;

    public static TheoryData<string, string, string> BadPaging()
    {
        (string Query, string Field)[] cases =
        [
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=2147483647", "page"),
            ("page=4294969&pageSize=500", "page"),
            ("page=99999999999", "page"),
            ("page=abc", "page"),
            ("page=1.5", "page"),
            ("pageSize=0", "pageSize"),
            ("pageSize=-5", "pageSize"),
            ("pageSize=501", "pageSize"),
            ("pageSize=2147483647", "pageSize"),
            ("pageSize=1e3", "pageSize"),
        ];
        var data = new TheoryData<string, string, string>();
        foreach (var (path, _) in Listings)
        {
            foreach (var (query, field) in cases)
            {
                data.Add(path, query, field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadPaging))]
    public async Task Listing_PagingOutOfRange_Answers400ProblemNamingTheField(string path, string query, string field)
    {
        using var client = ClientFor(path);

        using var response = await client.GetAsync($"{path}?{query}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}?{query}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"] as JsonObject;
        Assert.True(errors?.ContainsKey(field) == true, $"{path}?{query} should name '{field}': {text}");
    }

    [Theory]
    [InlineData("/api/v1/certificates")]
    [InlineData("/api/v1/certificate-requests")]
    [InlineData("/api/v1/audit")]
    public async Task Listing_LastPageWhoseOffsetFits_AnswersThatEmptyPage(string path)
    {
        using var client = ClientFor(path);

        var page = await client.GetJsonAsync($"{path}?page=4294968&pageSize=500");

        Assert.Equal(4294968, page["page"]!.GetValue<int>());
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact]
    public async Task Audit_SecondPageOfOne_IsTheSecondNewestRecord()
    {
        using var auditor = ClientFor("/api/v1/audit");

        var first = await auditor.GetJsonAsync("/api/v1/audit?page=1&pageSize=1");
        var second = await auditor.GetJsonAsync("/api/v1/audit?page=2&pageSize=1");
        var both = await auditor.GetJsonAsync("/api/v1/audit?page=1&pageSize=2");

        Assert.True(first["total"]!.GetValue<int>() >= 2);
        Assert.Equal(both["items"]![1]!.ToJsonString(), second["items"]![0]!.ToJsonString());
        Assert.NotEqual(first["items"]![0]!.ToJsonString(), second["items"]![0]!.ToJsonString());
    }

    private HttpClient ClientFor(string path) => factory.ClientFor(Listings.Single(l => l.Path == path).Role);
}
