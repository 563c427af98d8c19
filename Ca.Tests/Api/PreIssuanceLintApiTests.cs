using System.Net;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// A profile configured beyond what the Baseline Requirements allow still cannot make the CA sign a
/// non-compliant certificate: the pre-issuance lint answers 422 lint-failed, naming the rule, and
/// nothing is stored.
/// </summary>
public sealed class PreIssuanceLintApiTests : IClassFixture<PreIssuanceLintApiTests.Fixture>
{
    private readonly Fixture fixture;

    public PreIssuanceLintApiTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Profiles:tls-server:MaxValidityDays"] = "398",
    });

    [Fact]
    public async Task Submit_ProfileAllowsMoreThanTheBaselineRequirements_Is422LintFailedAndWritesNothing()
    {
        var client = fixture.ClientFor("requester");
        var before = await fixture.CountRowsAsync();

        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new
        {
            profile = "tls-server",
            csr = TestCsr.EcdsaP256("CN=long.example.co.th", "long.example.co.th"),
            validityDays = 300,
        });

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, json.Problem());
        Assert.Equal("lint-failed", json!["code"]!.GetValue<string>());
        Assert.Contains("exceeds 200", json["errors"]!["br.6.3.2.validity-period"]![0]!.GetValue<string>());
        Assert.Equal(before, await fixture.CountRowsAsync());
    }

    [Fact]
    public async Task Submit_WithinTheBaselineRequirements_IsIssued()
    {
        var client = fixture.ClientFor("requester");

        await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=short.example.co.th", "short.example.co.th"), validityDays = 90 });
    }
}
