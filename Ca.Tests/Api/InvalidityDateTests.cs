using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>invalidityDate (RFC 5280 5.3.2) is a time in the certificate's life: not in the future, not before notBefore.</summary>
public sealed class InvalidityDateTests : IClassFixture<PkiApiFactory>
{
    private readonly PkiApiFactory factory;
    private readonly HttpClient requester;

    public InvalidityDateTests(PkiApiFactory factory)
    {
        this.factory = factory;
        requester = factory.ClientFor("requester");
    }

    public static TheoryData<string> Refused => new() { "0001-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "2999-01-01T00:00:00Z" };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Revoke_InvalidityDateOutsideTheCertificatesLife_Is422AndChangesNothing(string invalidityDate)
    {
        var (_, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=inv.example.co.th", "inv.example.co.th") });
        var before = await factory.CountRowsAsync();

        var (response, json) = await requester.PostJsonAsync($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise", invalidityDate });

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, json.Problem());
        Assert.Equal("invalid-invalidity-date", json!["code"]!.GetValue<string>());
        Assert.Equal(before, await factory.CountRowsAsync());
        Assert.Equal("valid", (await requester.GetJsonAsync($"/api/v1/certificates/{serial}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_InvalidityDateBetweenNotBeforeAndNow_IsAccepted()
    {
        var (pem, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=inv2.example.co.th", "inv2.example.co.th") });
        var notBefore = new DateTimeOffset(X509Certificate2.CreateFromPem(pem).NotBefore.ToUniversalTime());

        var (response, json) = await requester.PostJsonAsync($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise", invalidityDate = notBefore.AddSeconds(1) });

        Assert.True(response.StatusCode == HttpStatusCode.OK, json.Problem());
    }
}
