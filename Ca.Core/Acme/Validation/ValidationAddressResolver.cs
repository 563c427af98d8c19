using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme.Validation;

/// <summary>
/// Where validation may connect: a name's addresses (a configured override, else DNS), keeping only
/// public ones. Loopback and private, link-local, CGNAT, documentation and multicast ranges are
/// refused unless configured, so a subscriber cannot make the CA probe its own network (SSRF).
/// </summary>
public sealed class ValidationAddressResolver
{
    private readonly AcmeValidationOptions options;

    /// <summary>Creates the resolver.</summary>
    public ValidationAddressResolver(IOptions<AcmeOptions> options)
    {
        this.options = options.Value.Validation;
    }

    /// <summary>The addresses validation may use for <paramref name="host"/> (a DNS name or an IP literal).</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = host.Trim('[', ']');
        IReadOnlyList<IPAddress> candidates;
        if (options.HostOverrides.TryGetValue(host, out var configured))
        {
            candidates = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(a => IPAddress.TryParse(a, out var ip) ? ip : throw new InvalidOperationException($"Pki:Acme:Validation:HostOverrides:{host} '{a}' is not an IP address."))
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
                throw new ChallengeFailedException(AcmeErrors.Dns, $"DNS lookup of {host} failed: {e.SocketErrorCode}.", e);
            }
        }

        var allowed = candidates.Where(IsAllowed).ToList();
        if (allowed.Count == 0)
        {
            throw candidates.Count == 0
                ? new ChallengeFailedException(AcmeErrors.Dns, $"{host} has no A or AAAA record.")
                : new ChallengeFailedException(AcmeErrors.RejectedIdentifier, $"{host} resolves only to addresses this CA does not connect to ({string.Join(", ", candidates)}).");
        }

        return allowed;
    }

    /// <summary>True when policy lets validation connect to the address.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.AllowLoopback;
        }

        return IsPublic(address) || options.AllowPrivateNetworks;
    }

    /// <summary>False for every special-purpose range (RFC 6890) a public web server cannot be on.</summary>
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

        throw new ChallengeFailedException(AcmeErrors.Connection, $"Could not connect to {host} port {port}: {(last as SocketException)?.SocketErrorCode.ToString() ?? last?.Message}.", last);
    }
}
