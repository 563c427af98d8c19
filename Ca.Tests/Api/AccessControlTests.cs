using System.Net;
using System.Text.Json.Nodes;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Who may do what, as a table: every role against every kind of endpoint. Allowed calls succeed,
/// the rest get 401 (no credentials), 403 (wrong role) or 404 (someone else's data).
/// </summary>
public sealed class AccessControlTests : IClassFixture<AccessControlTests.Fixture>
{
    private readonly Fixture fixture;

    public AccessControlTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture : PkiApiFactory
    {
        private readonly Lazy<string> ownedSerial;

        public Fixture()
        {
            ownedSerial = new Lazy<string>(() =>
            {
                using var owner = ClientFor("requester");
                return owner.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=owned.example.co.th", "owned.example.co.th") }).GetAwaiter().GetResult().Serial;
            });
        }

        /// <summary>A certificate owned by the "requester" account.</summary>
        public string OwnedSerial => ownedSerial.Value;

        public HttpClient As(string role) => role switch
        {
            "anonymous" => CreateClient(),
            "other-requester" => ClientFor("other-requester", "requester"),
            _ => ClientFor(role),
        };

        /// <summary>A fresh pending request from the "requester" account (profile person needs approval).</summary>
        public async Task<string> PendingRequestAsync()
        {
            using var requester = ClientFor("requester");
            var (response, json) = await requester.PostJsonAsync("/api/v1/certificate-requests", new { profile = "person", csr = TestCsr.EcdsaP256("CN=Somchai Jaidee, C=TH") });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("pending", json!["status"]!.GetValue<string>());
            return json["id"]!.GetValue<string>();
        }
    }

    private static readonly string[] AllRoles = ["anonymous", "requester", "other-requester", "officer", "auditor", "admin"];

    private static readonly Dictionary<string, Dictionary<string, HttpStatusCode>> Expectations = new()
    {
        ["list CAs"] = Everyone(HttpStatusCode.OK),
        ["list profiles"] = Everyone(HttpStatusCode.OK),
        ["CRL"] = Everyone(HttpStatusCode.OK),
        ["health"] = Everyone(HttpStatusCode.OK),
        ["submit request"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Created, otherRequester: HttpStatusCode.Created, officer: HttpStatusCode.Created, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.Created),
        ["list certificates"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.OK, otherRequester: HttpStatusCode.OK, officer: HttpStatusCode.OK, auditor: HttpStatusCode.OK, admin: HttpStatusCode.OK),
        ["get owned certificate"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.OK, otherRequester: HttpStatusCode.NotFound, officer: HttpStatusCode.OK, auditor: HttpStatusCode.OK, admin: HttpStatusCode.OK),
        ["approve request"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.OK, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.Forbidden),
        ["reject request"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.OK, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.Forbidden),
        ["get pending request"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.OK, otherRequester: HttpStatusCode.NotFound, officer: HttpStatusCode.OK, auditor: HttpStatusCode.OK, admin: HttpStatusCode.OK),
        ["revoke owned certificate"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.OK, otherRequester: HttpStatusCode.NotFound, officer: HttpStatusCode.OK, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.Forbidden),
        ["publish CRL"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.OK, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.OK),
        ["read audit"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.Forbidden, auditor: HttpStatusCode.OK, admin: HttpStatusCode.Forbidden),
        ["verify audit"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.Forbidden, auditor: HttpStatusCode.OK, admin: HttpStatusCode.Forbidden),
        ["create account"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.Forbidden, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.Created),
        ["list accounts"] = Table(HttpStatusCode.Unauthorized, requester: HttpStatusCode.Forbidden, otherRequester: HttpStatusCode.Forbidden, officer: HttpStatusCode.Forbidden, auditor: HttpStatusCode.Forbidden, admin: HttpStatusCode.OK),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in Expectations.Keys)
        {
            foreach (var role in AllRoles)
            {
                data.Add(operation, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_CalledByRole_AnswersAsTheTrustModelSays(string operation, string role)
    {
        using var client = fixture.As(role);
        var expected = Expectations[operation][role];

        using var response = await CallAsync(operation, client);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{operation} as {role}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        if ((int)response.StatusCode is 401 or 403 or 404)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Approve_OwnRequest_IsRefusedByFourEyesAndAnotherOfficerMayApprove()
    {
        using var officer = fixture.ClientFor("officer");
        using var secondOfficer = fixture.ClientFor("second-officer", "officer");
        var (submitted, json) = await officer.PostJsonAsync("/api/v1/certificate-requests", new { profile = "organization", csr = TestCsr.EcdsaP256("CN=Example Co Ltd, O=Example Co Ltd, C=TH") });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = json!["id"]!.GetValue<string>();

        var (selfApproval, problem) = await officer.PostJsonAsync($"/api/v1/certificate-requests/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, selfApproval.StatusCode);
        Assert.Equal("four-eyes", problem!["code"]!.GetValue<string>());

        var (approved, issued) = await secondOfficer.PostJsonAsync($"/api/v1/certificate-requests/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("issued", issued!["status"]!.GetValue<string>());
        Assert.NotNull(issued["certificate"]?["pem"]);
        Assert.Equal(HttpStatusCode.Conflict, (await secondOfficer.PostJsonAsync($"/api/v1/certificate-requests/{id}/approve", new { })).Response.StatusCode);
    }

    [Fact]
    public async Task ApiKey_RevokedOrForAccountDeleted_StopsWorkingAtOnce()
    {
        using var admin = fixture.AdminClient();
        var (created, account) = await admin.PostJsonAsync("/api/v1/accounts", new { name = "short-lived", roles = new[] { "requester" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = account!["id"]!.GetValue<string>();
        var (_, key) = await admin.PostJsonAsync($"/api/v1/accounts/{id}/keys", new { });
        using var client = fixture.CreateClientWithKey(key!["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/certificates")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/accounts/{id}/keys/{key["id"]}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/certificates")).StatusCode);
        var keys = await admin.GetStringAsync($"/api/v1/accounts/{id}/keys");
        Assert.DoesNotContain(key["key"]!.GetValue<string>(), keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.CreateClientWithKey("pki_not-a-real-key").GetAsync("/api/v1/certificates")).StatusCode);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var client = fixture.CreateClient();
        var response = await client.GetAsync("/api/v1/cas");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    private async Task<HttpResponseMessage> CallAsync(string operation, HttpClient client)
    {
        var csr = TestCsr.EcdsaP256("CN=table.example.co.th", "table.example.co.th");
        return operation switch
        {
            "list CAs" => await client.GetAsync("/api/v1/cas"),
            "list profiles" => await client.GetAsync("/api/v1/profiles"),
            "CRL" => await client.GetAsync("/crl/issuing-ca.crl"),
            "health" => await client.GetAsync("/health"),
            "submit request" => await client.PostAsJsonAsyncExact("/api/v1/certificate-requests", new { profile = "tls-server", csr }),
            "list certificates" => await client.GetAsync("/api/v1/certificates"),
            "get owned certificate" => await client.GetAsync($"/api/v1/certificates/{fixture.OwnedSerial}"),
            "approve request" => await client.PostAsJsonAsyncExact($"/api/v1/certificate-requests/{await fixture.PendingRequestAsync()}/approve", new { }),
            "reject request" => await client.PostAsJsonAsyncExact($"/api/v1/certificate-requests/{await fixture.PendingRequestAsync()}/reject", new { reason = "documents missing" }),
            "get pending request" => await client.GetAsync($"/api/v1/certificate-requests/{await fixture.PendingRequestAsync()}"),
            "revoke owned certificate" => await client.PostAsJsonAsyncExact($"/api/v1/certificates/{await FreshOwnedSerialAsync()}/revoke", new { reason = "superseded" }),
            "publish CRL" => await client.PostAsync("/api/v1/cas/issuing-ca/crl", null),
            "read audit" => await client.GetAsync("/api/v1/audit"),
            "verify audit" => await client.GetAsync("/api/v1/audit/verify"),
            "create account" => await client.PostAsJsonAsyncExact("/api/v1/accounts", new { name = "new-" + Guid.NewGuid().ToString("N")[..6], roles = new[] { "requester" } }),
            "list accounts" => await client.GetAsync("/api/v1/accounts"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }

    private async Task<string> FreshOwnedSerialAsync()
    {
        using var owner = fixture.ClientFor("requester");
        return (await owner.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=rv.example.co.th", "rv.example.co.th") })).Serial;
    }

    private static Dictionary<string, HttpStatusCode> Everyone(HttpStatusCode status) => AllRoles.ToDictionary(r => r, _ => status);

    private static Dictionary<string, HttpStatusCode> Table(HttpStatusCode anonymous, HttpStatusCode requester, HttpStatusCode otherRequester, HttpStatusCode officer, HttpStatusCode auditor, HttpStatusCode admin) => new()
    {
        ["anonymous"] = anonymous,
        ["requester"] = requester,
        ["other-requester"] = otherRequester,
        ["officer"] = officer,
        ["auditor"] = auditor,
        ["admin"] = admin,
    };
}
