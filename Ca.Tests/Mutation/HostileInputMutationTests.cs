using System.Text.Json.Nodes;
using Ca.Api.Portal.People;
using Ca.Core.Accounts;
using Ca.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ca.Tests.Mutation;

/// <summary>
/// Seeded mutation of real inputs against the running service (Kestrel on a socket, SQLite file), about 4,700
/// cases per run over every public endpoint family: CSRs 400 (PEM and bare base64 DER), OCSP requests 500 (POST
/// 300, GET 200), time-stamp queries 300, CMS signatures 200, certificate chains 200, multipart bodies 220,
/// signed PDFs and XML 400 (verify) and 300 (sign), ACME JWS requests 300, CRL and CA file routes 200 and CRL
/// publication 60, JSON bodies 30 per seed, every OpenAPI operation 8 times, portal forms 15 times each. Every case
/// must be answered (a generous 60 s bound, never a speed), never with a 5xx; errors are RFC 9457 problems (OCSP,
/// the TSA and ACME answer in their own protocol's format); a refused request, and any request to an endpoint that only reads, writes no row and
/// no audit record; and managed memory stays bounded. A failure prints the seed and case: replay it alone with
/// <c>PKI_MUTATION_CASE=seed:case dotnet test --filter "FullyQualifiedName~HostileInputMutationTests"</c>, or run
/// more cases with <c>PKI_MUTATION_SCALE=10</c>.
/// </summary>
[Collection(MutationCollection.Name)]
public sealed class HostileInputMutationTests(MutationTarget target, ITestOutputHelper output)
{
    /// <summary>Managed memory a campaign may add over the seeded service; a per-request leak of a few KB over thousands of cases exceeds it.</summary>
    private const long MemoryBound = 256L * 1024 * 1024;

    [Fact]
    public async Task CertificateRequests_MutatedCsrs_RefusedAsProblemsWritingNothing()
    {
        await RunAsync(c => c.RunAsync("CSRs", 1101, MutationCampaign.Scaled(400), m => InputCases.Csr(target.Seeds, m)));
    }

    [Fact]
    public async Task Ocsp_MutatedRequestsOverPostAndGet_AnsweredInOcspWritingNothing()
    {
        await RunAsync(async c =>
        {
            await c.RunAsync("OCSP POST", 1201, MutationCampaign.Scaled(300), m => InputCases.OcspPost(target.Seeds, m));
            await c.RunAsync("OCSP GET", 1202, MutationCampaign.Scaled(200), m => InputCases.OcspGet(target.Seeds, m));
        });
    }

    [Fact]
    public async Task Tsa_MutatedQueries_AnsweredWithTimeStampRespWritingNothing()
    {
        await RunAsync(c => c.RunAsync("TSA", 1301, MutationCampaign.Scaled(300), m => InputCases.TimeStamp(target.Seeds, m)));
    }

    [Fact]
    public async Task DocumentVerification_MutatedCmsSignatures_ReportsOrProblemsWritingNothing()
    {
        await RunAsync(c => c.RunAsync("CMS signatures", 1401, MutationCampaign.Scaled(200), m => InputCases.CmsSignature(target.Seeds, m)));
    }

    [Fact]
    public async Task CertificateVerification_MutatedChains_ReportsOrProblemsWritingNothing()
    {
        await RunAsync(c => c.RunAsync("certificate chains", 1501, MutationCampaign.Scaled(200), m => InputCases.Chain(target.Seeds, m)));
    }

    [Fact]
    public async Task FormEndpoints_MutatedMultipartBodies_ProblemsAndNothingWrittenWhenRefused()
    {
        await RunAsync(async c =>
        {
            await c.RunAsync("multipart verify", 1601, MutationCampaign.Scaled(120), m => InputCases.MultipartVerify(target.Seeds, m));
            await c.RunAsync("multipart sign", 1602, MutationCampaign.Scaled(100), m => InputCases.MultipartSign(target.Seeds, m));
        });
    }

    [Fact]
    public async Task DocumentVerification_MutatedSignedPdfsAndXml_ReportsOrProblemsWritingNothing()
    {
        await RunAsync(async c =>
        {
            await c.RunAsync("PDF verify", 2001, MutationCampaign.Scaled(200), m => DocumentCases.PdfVerify(target.Seeds, m));
            await c.RunAsync("XML verify", 2002, MutationCampaign.Scaled(200), m => DocumentCases.XmlVerify(target.Seeds, m));
        });
    }

    [Fact]
    public async Task DocumentSigning_MutatedPdfsAndXml_SignedOrProblemsWritingNothingWhenRefused()
    {
        await RunAsync(async c =>
        {
            await c.RunAsync("PDF sign", 2011, MutationCampaign.Scaled(150), m => DocumentCases.PdfSign(target.Seeds, m));
            await c.RunAsync("XML sign", 2012, MutationCampaign.Scaled(150), m => DocumentCases.XmlSign(target.Seeds, m));
        });
    }

    [Fact]
    public async Task Acme_MutatedJwsRequests_AcmeProblemsWritingNothingWhenRefused()
    {
        var acme = await AcmeCases.CreateAsync(target);
        await RunAsync(c => c.RunAsync("ACME", 2101, MutationCampaign.Scaled(300), acme.MakeAsync));
    }

    [Fact]
    public async Task CrlAndCaFiles_MutatedNamesAndHeaders_ProblemsWritingNothing()
    {
        await RunAsync(async c =>
        {
            await c.RunAsync("CRL and CA files", 2201, MutationCampaign.Scaled(200), m => PublicationCases.Fetch(target.Seeds, m));
            await c.RunAsync("CRL publication", 2202, MutationCampaign.Scaled(60), m => PublicationCases.Publish(target.Seeds, m));
        });
    }

    [Fact]
    public async Task StateChangingEndpoints_MutatedJsonBodies_ProblemsAndNothingWrittenWhenRefused()
    {
        await RunAsync(async c =>
        {
            var seeds = target.Seeds.JsonBodies;
            for (var i = 0; i < seeds.Count; i++)
            {
                var seed = seeds[i];
                await c.RunAsync($"JSON {seed.Name}", 1700 + i, MutationCampaign.Scaled(30), m => InputCases.JsonBody(seed, m));
            }
        });
    }

    [Fact]
    public async Task EveryOpenApiOperation_HostileParametersHeadersAndBodies_No5xxAndProblems()
    {
        using var client = target.Client(null);
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = OpenApiOperations.Read(document);
        Assert.True(operations.Count >= 30, $"the OpenAPI document lists only {operations.Count} operations");
        await RunAsync(async c =>
        {
            foreach (var operation in operations)
            {
                await c.RunAsync(operation.ToString(), EndpointCases.SeedOf(1800, operation), MutationCampaign.Scaled(8), m => EndpointCases.Make(operation, document, target.Seeds, m));
            }
        });
    }

    [Fact]
    public async Task PortalForms_MutatedFieldsFilesAndTokens_No5xx()
    {
        using var client = target.Client(null);
        var anonymous = await PortalForms.DiscoverAsync(client, ["/verify", "/signin", "/setup", "/account/set-password?userId=nobody&token=x"], sessionCookie: null);
        var session = await SignInRequesterAsync(client);
        var signedIn = await PortalForms.DiscoverAsync(client, ["/requests/new?profile=tls-client", "/signers", "/account"], session);
        Assert.True(anonymous.Count >= 4 && signedIn.Count >= 2, $"found {anonymous.Count} anonymous and {signedIn.Count} signed-in forms");
        await RunAsync(async c =>
        {
            foreach (var (form, index) in anonymous.Select((f, i) => (f, i)))
            {
                await c.RunAsync($"portal {form}", 1900 + index, MutationCampaign.Scaled(15), m => PortalForms.Make(form, target.Seeds, m) with { ReadOnly = true });
            }

            foreach (var (form, index) in signedIn.Select((f, i) => (f, i)))
            {
                await c.RunAsync($"portal {form} (signed in)", 1950 + index, MutationCampaign.Scaled(15), m => PortalForms.Make(form, target.Seeds, m));
            }
        });
    }

    private async Task RunAsync(Func<MutationCampaign, Task> campaign)
    {
        var start = MutationTarget.MeasureMemory();
        var run = new MutationCampaign(target, output);
        await campaign(run);
        var end = MutationTarget.MeasureMemory();
        output.WriteLine($"managed memory: {start / 1_048_576} MB → {end / 1_048_576} MB (seeded service: {target.BaselineBytes / 1_048_576} MB)");
        run.AssertNoFailures();
        Assert.True(end - target.BaselineBytes < MemoryBound, $"managed memory grew by {(end - target.BaselineBytes) / 1_048_576} MB over the seeded service");
    }

    /// <summary>A requester person of the campaign's organization, signed in through the sign-in form; returns the session cookie.</summary>
    private async Task<string> SignInRequesterAsync(HttpClient client)
    {
        const string password = "a long enough mutation password";
        var organization = await target.Service.Services.GetRequiredService<AccountService>()
            .CreateAsync("mutation-portal", [Roles.Requester], CallerContext.System("test"), default);
        using (var scope = target.Service.Services.CreateScope())
        {
            var link = await scope.ServiceProvider.GetRequiredService<PeopleDirectory>()
                .CreateAsync(organization.Id, "mutation-person", "ผู้ทดสอบ การกลายพันธุ์", [Roles.Requester], CallerContext.System("test"), default);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.ResetPasswordAsync(link.Person, link.Token, password)).Succeeded);
        }

        var form = (await PortalForms.DiscoverAsync(client, ["/signin"], null)).Single();
        var fields = form.Fields.ToDictionary(f => f.Name, f => f.Value);
        fields["UserName"] = "mutation-person";
        fields["Password"] = password;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", form.Cookie);
        using var response = await client.SendAsync(request);
        var session = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("pki.session=", StringComparison.Ordinal)) : null;
        Assert.True(session is not null, $"signing in answered {(int)response.StatusCode} without a session cookie");
        return session!;
    }
}
