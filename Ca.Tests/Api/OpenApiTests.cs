using System.Text.Json.Nodes;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

public sealed class OpenApiTests : IClassFixture<PkiApiFactory>
{
    private readonly PkiApiFactory factory;

    public OpenApiTests(PkiApiFactory factory) => this.factory = factory;

    [Fact]
    public async Task SwaggerDocument_DescribesTheApiAndItsAuthentication()
    {
        using var client = factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var ui = await client.GetAsync("/swagger/index.html");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/certificate-requests", paths);
        Assert.Contains("/api/v1/certificates/{serial}", paths);
        Assert.Contains("/api/v1/cas/{caId}/certificate", paths);
        Assert.Contains("/ocsp", paths);
        Assert.NotNull(document["components"]?["securitySchemes"]?["ApiKey"]);
        Assert.True(ui.IsSuccessStatusCode);
    }

    [Fact]
    public async Task SwaggerDocument_DescribesTheCallersValidationPolicy()
    {
        using var client = factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;

        var schemas = document["components"]!["schemas"]!;
        Assert.NotNull(schemas["VerifyCertificateBody"]!["properties"]!["policy"]);
        var policy = schemas["ValidationPolicyInput"]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(
            ["at", "crls", "maxPathLength", "ocspResponses", "requiredEku", "revocation", "trustAnchors", "trustList", "useServiceAnchors"],
            policy.Order(StringComparer.Ordinal).ToList());
        Assert.Contains("/api/v1/trust-lists", document["paths"]!.AsObject().Select(p => p.Key));
        Assert.Contains("policy", document["paths"]!["/api/v1/documents/verify"]!["post"]!["summary"]!.GetValue<string>());
    }
}
