using Ca.Tests.Support;

namespace Ca.Tests.Hosting;

/// <summary>
/// The service started as an operator or a container starts it (<c>dotnet Ca.Api.dll</c>, Production,
/// a KEK from the environment) honours the standard ASP.NET Core listen settings, names that address
/// in its certificates when no public base URL is set, and its built-in health probe finds it.
/// </summary>
public sealed class ServiceHostingTests(ServiceHostingTests.RunningService service) : IClassFixture<ServiceHostingTests.RunningService>
{
    [Fact]
    public void Service_OnlyAspNetCoreUrlsSet_ListensThere()
    {
        // The fixture waited for /health on that address; the host says so too, and nothing else.
        Assert.Contains($"Now listening on: {service.BaseUrl}", service.Process.Output);
        Assert.DoesNotContain(":5080", service.Process.Output);
    }

    [Fact]
    public async Task Service_PublicBaseUrlUnset_CertificatesPointAtTheListenAddress()
    {
        using var client = new HttpClient();
        var issuing = await client.GetByteArrayAsync($"{service.BaseUrl}/ca/issuing-ca.crt");

        using var openssl = new OpenSslCli();
        openssl.Write("issuing.der", issuing);
        var text = openssl.Run("x509", "-inform", "DER", "-in", "issuing.der", "-noout", "-ext", "crlDistributionPoints,authorityInfoAccess").EnsureSuccess();

        Assert.Contains($"URI:{service.BaseUrl}/crl/root-ca.crl", text.StandardOutput);
        Assert.Contains($"URI:{service.BaseUrl}/ca/root-ca.crt", text.StandardOutput);
    }

    [Fact]
    public async Task Service_UrlsArgument_ListensThere()
    {
        using var data = new TemporaryDirectory();
        var url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using var process = ServiceProcess.Start(RunningService.ProductionSettings(data.Path), "--urls", url);

        await process.WaitUntilHealthyAsync(url);

        Assert.Contains($"Now listening on: {url}", process.Output);
    }

    [Fact]
    public async Task HealthProbe_ConfiguredLikeTheImageWithHttpPorts_FindsTheServiceAndExitsZero()
    {
        // The image sets ASPNETCORE_HTTP_PORTS only; the probe derives http://localhost:<port>/health from it.
        var port = new Uri(service.BaseUrl).Port;
        var (exitCode, output) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "healthcheck");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"http://localhost:{port}/health answered 200", output);
    }

    [Fact]
    public async Task HealthProbe_NothingListening_ExitsNonZero()
    {
        var (exitCode, output) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), "healthcheck", "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");

        Assert.True(exitCode != 0, output);
        Assert.Contains("did not answer", output);
    }

    /// <summary>One Production process with only ASPNETCORE_URLS (a free loopback port) saying where to listen.</summary>
    public sealed class RunningService : IAsyncLifetime
    {
        private readonly TemporaryDirectory data = new();

        public string BaseUrl { get; } = $"http://127.0.0.1:{ServiceProcess.FreePort()}";

        public ServiceProcess Process { get; private set; } = null!;

        public static Dictionary<string, string?> ProductionSettings(string dataDirectory) => new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Pki__KeyEncryptionKey"] = PkiApiFactory.TestKek,
            ["Pki__Bootstrap__AdminApiKey"] = PkiApiFactory.AdminKey,
            ["Pki__DataDirectory"] = dataDirectory,
        };

        public async Task InitializeAsync()
        {
            var settings = ProductionSettings(data.Path);
            settings["ASPNETCORE_URLS"] = BaseUrl;
            Process = ServiceProcess.Start(settings);
            await Process.WaitUntilHealthyAsync(BaseUrl);
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            data.Dispose();
        }
    }
}
