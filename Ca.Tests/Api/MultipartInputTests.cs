using System.Text;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Malformed multipart bodies on the endpoints that read forms (the anonymous document verification and
/// document signing) are the client's fault: each gets a 400 problem (413 when it is the size), never a
/// 500, and nothing is written (no request, certificate or audit record).
/// </summary>
public sealed class MultipartInputTests : IClassFixture<MultipartInputTests.Fixture>
{
    private const int DocumentLimit = 256 * 1024;
    private const int EnvelopeBytes = 64 * 1024;
    private const string Boundary = "pki-test-boundary";
    private const string Multipart = "multipart/form-data; boundary=" + Boundary;

    private static readonly Dictionary<string, Malformation> Malformations = new[]
    {
        new Malformation("1,100 fields", Multipart, () => Parts(Enumerable.Range(0, 1_100).Select(i => Field($"f{i}", "x")).ToArray()), 400, "malformed-multipart"),
        new Malformation("17 headers in one part", Multipart, () => Parts(Part(
            ["Content-Disposition: form-data; name=\"signature\"", .. Enumerable.Range(0, 16).Select(i => $"X-Extra-{i}: {i}")], "MAA=")), 400, "malformed-multipart"),
        new Malformation("a part header line over 16 KB", Multipart, () => Parts(Part(
            ["Content-Disposition: form-data; name=\"signature\"", "X-Long: " + new string('a', 17 * 1024)], "MAA=")), 400, "malformed-multipart"),
        new Malformation("no boundary", "multipart/form-data", () => Parts(Field("signature", "MAA=")), 400, "malformed-multipart"),
        new Malformation("a boundary over 70 characters", "multipart/form-data; boundary=" + new string('b', 71), () => Encoding.ASCII.GetBytes($"--{new string('b', 71)}\r\n"), 400, "malformed-multipart"),
        new Malformation("truncated before the closing boundary", Multipart, () => Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\nMAA=\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"d\"\r\n\r\nhalf a docu"), 400, "malformed-multipart"),
        new Malformation("truncated inside the part headers", Multipart, () => Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-da"), 400, "malformed-multipart"),
        new Malformation("text instead of parts", Multipart, () => Encoding.ASCII.GetBytes("this is not multipart at all"), 400, "malformed-multipart"),
        new Malformation("text/plain", "text/plain", () => Parts(Field("signature", "MAA=")), 415, "unsupported-media-type"),
        new Malformation("url-encoded form", "application/x-www-form-urlencoded", () => Encoding.ASCII.GetBytes("signature=MAA%3D"), 415, "unsupported-media-type"),
        new Malformation("a body over the limit", Multipart, () => Parts(FilePart("document", new byte[DocumentLimit + EnvelopeBytes + 1])), 413, "payload-too-large"),
        new Malformation("a body over the limit, chunked", Multipart, () => Parts(FilePart("document", new byte[DocumentLimit + EnvelopeBytes + 1])), 413, "payload-too-large", Chunked: true),
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);

    private readonly Fixture fixture;

    public MultipartInputTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Documents:MaxBytes"] = DocumentLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pki:Documents:EnvelopeBytes"] = EnvelopeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public static TheoryData<string, string> Table()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Malformations.Keys)
        {
            data.Add("/api/v1/documents/verify", name);
            data.Add("/api/v1/documents/sign?signerId=any-signer", name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task FormEndpoint_MalformedMultipart_Answers4xxProblemAndWritesNothing(string path, string malformation)
    {
        var m = Malformations[malformation];
        using var client = path.Contains("/sign", StringComparison.Ordinal) ? fixture.AdminClient() : fixture.CreateClient();
        var before = await fixture.CountRowsAsync();
        HttpContent content = m.Chunked ? new StreamContent(new MemoryStream(m.Body())) : new ByteArrayContent(m.Body());
        content.Headers.TryAddWithoutValidation("Content-Type", m.ContentType);

        using var response = await client.PostAsync(path, content);

        await ProblemAssert.IsProblemAsync(response, m.Status, m.Type, $"{malformation} to {path}");
        Assert.Equal(before, await fixture.CountRowsAsync());
    }

    [Fact]
    public async Task VerifyDocument_WellFormedMultipartAfterMalformedOnes_StillVerifies()
    {
        using var client = fixture.CreateClient();
        foreach (var m in Malformations.Values.Where(m => m.Status == 400))
        {
            var bad = new ByteArrayContent(m.Body());
            bad.Headers.TryAddWithoutValidation("Content-Type", m.ContentType);
            (await client.PostAsync("/api/v1/documents/verify", bad)).Dispose();
        }

        using var form = new MultipartFormDataContent { { new StringContent("not a signature"), "signature" } };
        using var response = await client.PostAsync("/api/v1/documents/verify", form);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("FORMAT_FAILURE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Field(string name, string value) => Part([$"Content-Disposition: form-data; name=\"{name}\""], value);

    private static string FilePart(string name, byte[] bytes) =>
        Part([$"Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}.bin\"", "Content-Type: application/octet-stream"], Encoding.Latin1.GetString(bytes));

    private static string Part(string[] headers, string body) => $"--{Boundary}\r\n{string.Join("\r\n", headers)}\r\n\r\n{body}\r\n";

    private static byte[] Parts(params string[] parts) => Encoding.Latin1.GetBytes(string.Concat(parts) + $"--{Boundary}--\r\n");

    private sealed record Malformation(string Name, string ContentType, Func<byte[]> Body, int Status, string Type, bool Chunked = false);
}
