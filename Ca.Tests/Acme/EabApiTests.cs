using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;

namespace Ca.Tests.Acme;

/// <summary>EAB credentials through the REST API: who may create, list and revoke them, and that the key is shown once.</summary>
public sealed class EabApiTests(EabApiTests.Service service) : IClassFixture<EabApiTests.Service>
{
    public sealed class Service : IDisposable
    {
        public AcmeApiFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task Create_RequesterForItself_KidAndHmacKeyShownOnceThenListedWithoutKey()
    {
        var (accountId, key) = service.Factory.AccountFor("eab-self", "requester");
        using var client = service.Factory.CreateClientWithKey(key);

        var (created, body) = await client.PostJsonAsync("/api/v1/acme/eab", new { });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(accountId, body!["accountId"]!.GetValue<string>());
        Assert.Equal(43, body["hmacKey"]!.GetValue<string>().Length);
        Assert.Equal("http://localhost/acme/directory", body["directory"]!.GetValue<string>());
        var listed = await client.GetJsonAsync("/api/v1/acme/eab");
        var entry = listed.AsArray().Single(e => e!["kid"]!.GetValue<string>() == body["kid"]!.GetValue<string>())!;
        Assert.Null(entry["hmacKey"]);
    }

    [Fact]
    public async Task Create_RequesterForAnotherAccount_Forbidden()
    {
        var (other, _) = service.Factory.AccountFor("eab-other", "requester");
        using var client = service.Factory.ClientFor("eab-intruder", "requester");

        var response = await client.PostAsJsonAsync("/api/v1/acme/eab", new { accountId = other });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Create_AdminForABusiness_CredentialOwnedByTheBusiness()
    {
        var (business, businessKey) = service.Factory.AccountFor("eab-business", "requester");
        using var admin = service.Factory.AdminClient();

        var (created, body) = await admin.PostJsonAsync("/api/v1/acme/eab", new { accountId = business });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var own = service.Factory.CreateClientWithKey(businessKey);
        Assert.Contains(body!["kid"]!.GetValue<string>(), (await own.GetJsonAsync("/api/v1/acme/eab")).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Anonymous_Unauthorized()
    {
        var response = await service.Factory.CreateClient().PostAsJsonAsync("/api/v1/acme/eab", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Revoke_Twice_SecondIsConflict()
    {
        using var client = service.Factory.ClientFor("eab-revoker", "requester");
        var (_, body) = await client.PostJsonAsync("/api/v1/acme/eab", new JsonObject());
        var kid = body!["kid"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/acme/eab/{kid}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/acme/eab/{kid}")).StatusCode);
    }
}
