namespace Ca.Api.Startup;

/// <summary>
/// <c>dotnet Ca.Api.dll healthcheck [the service's own arguments]</c>: asks the running service's
/// <c>/health</c> and exits 0 when it answers 200, 1 otherwise. Made for container HEALTHCHECKs:
/// the aspnet image has neither curl nor wget (and adding one to the runtime image only for this
/// widens it), and this probe reads the same configuration the service does, so it follows
/// ASPNETCORE_HTTP_PORTS, ASPNETCORE_URLS or --urls without repeating the port.
/// </summary>
internal static class HealthProbe
{
    public const string Command = "healthcheck";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] serviceArguments)
    {
        var configuration = WebApplication.CreateBuilder(serviceArguments).Configuration;
        var target = new Uri(ListenAddresses.LocalBaseUrl(configuration) + "/health");

        // The probe talks to its own service and sends nothing secret: on an HTTPS-only setup the
        // service's certificate need not be trusted by the container for the probe to pass.
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(target);
            Console.WriteLine($"{target} answered {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{target} did not answer: {e.Message}");
            return 1;
        }
    }
}
