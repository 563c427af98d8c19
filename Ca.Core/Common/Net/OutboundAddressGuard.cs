using System.Net;
using System.Net.Sockets;

namespace Ca.Core.Common.Net;

/// <summary>
/// The one place that decides where the service may open an outbound connection to a host named by someone
/// else (an ACME identifier, a URL inside a submitted certificate): a name's addresses (a configured override,
/// else DNS), keeping only public ones. Loopback and private, link-local, CGNAT, documentation and multicast
/// ranges are refused unless configured, so nobody can make the service probe its own network (SSRF).
/// </summary>
public sealed class OutboundAddressGuard
{
    private readonly bool allowLoopback;
    private readonly bool allowPrivateNetworks;
    private readonly IReadOnlyDictionary<string, string> hostOverrides;

    /// <summary>Creates the guard.</summary>
    /// <param name="allowLoopback">Allow 127.0.0.0/8 and ::1 (tests only).</param>
    /// <param name="allowPrivateNetworks">Allow every non-public range (closed networks).</param>
    /// <param name="hostOverrides">Fixed comma-separated addresses per name, bypassing DNS; still filtered.</param>
    /// <param name="settingName">The configuration section named in errors about overrides.</param>
    public OutboundAddressGuard(bool allowLoopback, bool allowPrivateNetworks, IReadOnlyDictionary<string, string>? hostOverrides = null, string settingName = "HostOverrides")
    {
        this.allowLoopback = allowLoopback;
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.hostOverrides = hostOverrides ?? new Dictionary<string, string>();
        SettingName = settingName;
    }

    private string SettingName { get; }

    /// <summary>The addresses the service may use for <paramref name="host"/> (a DNS name or an IP literal).</summary>
    /// <exception cref="OutboundConnectionRefusedException">DNS failed, or no address is allowed.</exception>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = host.Trim('[', ']');
        IReadOnlyList<IPAddress> candidates;
        if (hostOverrides.TryGetValue(host, out var configured))
        {
            candidates = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(a => IPAddress.TryParse(a, out var ip) ? ip : throw new InvalidOperationException($"{SettingName}:{host} '{a}' is not an IP address."))
                .ToList();
        }
        else if (IPAddress.TryParse(host, out var literal))
        {
            candidates = [literal];
        }
        else
        {
            try
            {
                candidates = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new OutboundConnectionRefusedException(OutboundRefusal.Dns, $"DNS lookup of {host} failed: {e.SocketErrorCode}.", e);
            }
        }

        var allowed = candidates.Where(IsAllowed).ToList();
        if (allowed.Count == 0)
        {
            throw candidates.Count == 0
                ? new OutboundConnectionRefusedException(OutboundRefusal.Dns, $"{host} has no A or AAAA record.")
                : new OutboundConnectionRefusedException(OutboundRefusal.AddressNotAllowed, $"{host} resolves only to addresses this service does not connect to ({string.Join(", ", candidates)}).");
        }

        return allowed;
    }

    /// <summary>True when policy lets the service connect to the address.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        return IsPublic(address) || allowPrivateNetworks;
    }

    /// <summary>False for every special-purpose range (RFC 6890) a public server cannot be on.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B));
        }

        return false;
    }

    /// <summary>Opens a TCP connection to the first allowed address of the host that answers.</summary>
    /// <exception cref="OutboundConnectionRefusedException">Refused by policy, DNS failed, or nothing answered.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in await ResolveAsync(host, cancellationToken).ConfigureAwait(false))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }

        throw new OutboundConnectionRefusedException(OutboundRefusal.Connection, $"Could not connect to {host} port {port}: {(last as SocketException)?.SocketErrorCode.ToString() ?? last?.Message}.", last);
    }

    /// <summary>
    /// An HTTP handler whose every connection (each redirect hop included) goes through this guard, with no proxy
    /// (a proxy would connect on our behalf, past the guard), no cookies and no automatic redirects: the caller
    /// follows redirects itself and so sees each target.
    /// </summary>
    public SocketsHttpHandler CreateHttpHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = async (context, ct) =>
        {
            var socket = await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
