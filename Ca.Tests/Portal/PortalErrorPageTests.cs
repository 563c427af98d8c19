using System.Net;
using System.Text;
using Ca.Tests.Support;

namespace Ca.Tests.Portal;

/// <summary>
/// A portal post the framework cannot read (a NUL in a form value makes the form reader throw) is refused with a
/// 400, like any post without a valid antiforgery token: a browser's error page takes the status from its route,
/// not from the unreadable form, and other clients get the problem document. Found by the mutation campaign
/// (seed 1901).
/// </summary>
public sealed class PortalErrorPageTests : IClassFixture<PkiApiFactory>
{
    private readonly PkiApiFactory factory;

    public PortalErrorPageTests(PkiApiFactory factory) => this.factory = factory;

    [Theory]
    [InlineData("/signin", "UserName=a%00b&Password=x")]
    [InlineData("/verify?handler=Certificate", "CertificatePem=%00")]
    [InlineData("/setup", "__af=x%00")]
    public async Task Post_FormValueWithNul_Answers400PageToBrowsers(string path, string form)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded") };
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/signin", "UserName=a%00b&Password=x")]
    [InlineData("/verify?handler=Certificate", "CertificatePem=%00")]
    public async Task Post_FormValueWithNul_Answers400ProblemToOtherClients(string path, string form)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.PostAsync(path, new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/error/404", HttpStatusCode.NotFound)]
    [InlineData("/error/413", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("/error", HttpStatusCode.InternalServerError)]
    public async Task ErrorPage_ReachedDirectly_AnswersTheStatusOfItsRoute(string path, HttpStatusCode status)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Accept", "text/html");

        using var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
    }
}
