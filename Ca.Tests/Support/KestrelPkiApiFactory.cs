using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Support;

/// <summary>
/// The service on a real Kestrel socket on 127.0.0.1 (a free port), for clients that are separate
/// processes: curl in the walk-through script, <c>openssl ocsp -url</c>.
/// </summary>
public class KestrelPkiApiFactory : PkiApiFactory
{
    public KestrelPkiApiFactory()
        : this(null)
    {
    }

    /// <summary>With extra configuration, as <see cref="PkiApiFactory"/> takes it.</summary>
    protected KestrelPkiApiFactory(IDictionary<string, string?>? settings)
        : base(settings)
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    public string BaseUrl { get; }
}
