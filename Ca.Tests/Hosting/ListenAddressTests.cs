using Ca.Api.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Ca.Tests.Hosting;

/// <summary>
/// The decision behind the listen address, on configuration alone: ASP.NET Core's standard settings
/// win, and http://localhost:5080 applies only when none is given (the real process tests cover the
/// environment variables end to end; port 5080 itself is not bound here, another service may hold it).
/// </summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(new string[0], "http://localhost:5080")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:7001" }, "http://127.0.0.1:7001")]
    [InlineData(new[] { "--http_ports", "8080" }, null)]
    [InlineData(new[] { "--https_ports", "8443" }, null)]
    [InlineData(new[] { "--Kestrel:Endpoints:Main:Url", "https://*:8443" }, null)]
    public void DefaultListenAddress_GivenSettings_AppliesOnlyWhenNoneIsConfigured(string[] args, string? expectedUrls)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddCommandLine(args);

        builder.UseDefaultListenAddress();

        Assert.Equal(expectedUrls, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Theory]
    [InlineData(null, null, null, null, "http://localhost:5080")]
    [InlineData("http://+:8080", null, null, null, "http://localhost:8080")]
    [InlineData("https://127.0.0.1:7001;http://127.0.0.1:7000", null, null, null, "http://127.0.0.1:7000")]
    [InlineData("https://[::]:7001", null, null, null, "https://localhost:7001")]
    [InlineData(null, "8080;8081", null, null, "http://localhost:8080")]
    [InlineData(null, null, "8443", null, "https://localhost:8443")]
    [InlineData("http://127.0.0.1:7000", "8080", null, null, "http://127.0.0.1:7000")]
    [InlineData("http://127.0.0.1:7000", null, null, "http://0.0.0.0:9000", "http://localhost:9000")]
    public void LocalBaseUrl_GivenSettings_FollowsKestrelPrecedenceWithWildcardsAsLocalhost(string? urls, string? httpPorts, string? httpsPorts, string? endpoint, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["http_ports"] = httpPorts,
            ["https_ports"] = httpsPorts,
            ["Kestrel:Endpoints:Main:Url"] = endpoint,
        }).Build();

        Assert.Equal(expected, ListenAddresses.LocalBaseUrl(configuration));
    }
}
