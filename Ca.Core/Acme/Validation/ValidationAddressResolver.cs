using System.Net;
using System.Net.Sockets;
using Ca.Core.Common.Net;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme.Validation;

/// <summary>
/// Where ACME validation may connect: the service's one <see cref="OutboundAddressGuard"/> configured from
/// <c>Pki:Acme:Validation</c> (loopback and private ranges refused unless configured, so a subscriber cannot make
/// the CA probe its own network), with refusals reported as ACME problem types.
/// </summary>
public sealed class ValidationAddressResolver
{
    private readonly OutboundAddressGuard guard;

    /// <summary>Creates the resolver.</summary>
    public ValidationAddressResolver(IOptions<AcmeOptions> options)
    {
        var validation = options.Value.Validation;
        guard = new OutboundAddressGuard(validation.AllowLoopback, validation.AllowPrivateNetworks, validation.HostOverrides, "Pki:Acme:Validation:HostOverrides");
    }

    /// <summary>The addresses validation may use for <paramref name="host"/> (a DNS name or an IP literal).</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await guard.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundConnectionRefusedException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>True when policy lets validation connect to the address.</summary>
    public bool IsAllowed(IPAddress address) => guard.IsAllowed(address);

    /// <summary>False for every special-purpose range (RFC 6890) a public web server cannot be on.</summary>
    public static bool IsPublic(IPAddress address) => OutboundAddressGuard.IsPublic(address);

    /// <summary>Opens a TCP connection to the first allowed address of the host that answers.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            return await guard.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundConnectionRefusedException e)
        {
            throw Translate(e);
        }
    }

    private static ChallengeFailedException Translate(OutboundConnectionRefusedException e) => new(
        e.Refusal switch
        {
            OutboundRefusal.Dns => AcmeErrors.Dns,
            OutboundRefusal.AddressNotAllowed => AcmeErrors.RejectedIdentifier,
            _ => AcmeErrors.Connection,
        },
        e.Message.Replace("this service does not", "this CA does not", StringComparison.Ordinal),
        e.InnerException);
}
