using System.Net.Http.Json;
using System.Text.Json;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Acme.Support;

/// <summary>
/// The service configured for ACME tests on loopback: test names resolve to 127.0.0.1 through
/// HostOverrides, loopback validation is allowed, http-01 and tls-alpn-01 go to the given ports.
/// With <c>kestrel</c> it listens on a real socket, for certbot and lego.
/// </summary>
public sealed class AcmeApiFactory : PkiApiFactory
{
    public AcmeApiFactory(int httpPort = 80, int tlsPort = 443, IDictionary<string, string?>? extra = null, bool kestrel = false, params string[] testNames)
        : base(Settings(httpPort, tlsPort, extra, testNames))
    {
        if (kestrel)
        {
            UseKestrel(0);
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        }
    }

    /// <summary>Kestrel's http://127.0.0.1:port when started with kestrel.</summary>
    public string BaseUrl { get; } = "http://localhost";

    public string DirectoryUrl => BaseUrl + "/acme/directory";

    /// <summary>A business (requester) and an EAB credential created by that business for itself.</summary>
    public async Task<(string AccountId, string Kid, string HmacKey)> NewEabAsync(string business = "business")
    {
        var (accountId, key) = AccountFor(business, "requester");
        using var client = CreateClientWithKey(key);
        var response = await client.PostAsJsonAsync("/api/v1/acme/eab", new { });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (accountId, body.GetProperty("kid").GetString()!, body.GetProperty("hmacKey").GetString()!);
    }

    private static Dictionary<string, string?> Settings(int httpPort, int tlsPort, IDictionary<string, string?>? extra, string[] testNames)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pki:Acme:Validation:AllowLoopback"] = "true",
            ["Pki:Acme:Validation:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pki:Acme:Validation:TlsPort"] = tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Generous: on a loaded machine a challenge server (certbot's, lego's, the tests') can take seconds to answer.
            ["Pki:Acme:Validation:Timeout"] = "00:01:00",
        };
        foreach (var name in testNames.Length == 0 ? ["www.acme-test.example", "api.acme-test.example"] : testNames)
        {
            settings["Pki:Acme:Validation:HostOverrides:" + name] = "127.0.0.1";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
