using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Portal;

/// <summary>
/// The service on two real sockets on 127.0.0.1: HTTP, where most portal tests run, and HTTPS, which
/// asks every client for a certificate (as Program configures HTTPS endpoints) so a browser can sign
/// in with one.
/// </summary>
public sealed class PortalApiFactory : PkiApiFactory
{
    public PortalApiFactory(X509Certificate2 serverCertificate)
    {
        UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate, https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (_, _, _) => true;
            }));
        });
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        HttpsPort = new Uri(addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal))).Port;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    /// <summary>The HTTPS port; its certificate names 127.0.0.1 and localhost, two origins with separate cookies.</summary>
    public int HttpsPort { get; }
}
