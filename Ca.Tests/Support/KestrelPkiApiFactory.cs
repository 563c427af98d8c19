using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Support;

/// <summary>
/// The service on a real Kestrel socket on 127.0.0.1 (a free port), for clients that are separate
/// processes: curl in the walk-through script, <c>openssl ocsp -url</c>.
/// </summary>
public sealed class KestrelPkiApiFactory : PkiApiFactory
{
    public KestrelPkiApiFactory()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    public string BaseUrl { get; }
}
