using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ca.Core.Acme;

/// <summary>
/// An identifier an order asks for: a DNS name (RFC 8555 7.1.4) or an IP address (RFC 8738), in
/// the normalised form that is validated and written into the certificate.
/// </summary>
/// <param name="Type"><c>dns</c> or <c>ip</c>.</param>
/// <param name="Value">Lower-case A-label DNS name (maybe <c>*.</c>-prefixed), or the canonical IP text.</param>
public sealed record AcmeIdentifier(string Type, string Value)
{
    /// <summary>DNS identifier type.</summary>
    public const string Dns = "dns";

    /// <summary>IP identifier type (RFC 8738).</summary>
    public const string Ip = "ip";

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>True for <c>*.example.com</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWildcard => Type == Dns && Value.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>The name an authorization covers: the wildcard's base domain (RFC 8555 7.1.3).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AcmeIdentifier Authorized => IsWildcard ? this with { Value = Value[2..] } : this;

    /// <summary>The subjectAltName text (IssuanceService's form).</summary>
    public string ToSanText() => Type == Ip ? "ip:" + Value : Value;

    /// <summary>Normalises and checks one requested identifier; refusals are per-identifier problems.</summary>
    public static AcmeIdentifier Normalize(string? type, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw AcmeException.Malformed("An identifier needs a value.");
        }

        return type switch
        {
            Dns => new AcmeIdentifier(Dns, NormalizeDns(value)),
            Ip => new AcmeIdentifier(Ip, NormalizeIp(value)),
            _ => throw new AcmeException(AcmeErrors.UnsupportedIdentifier, $"Identifier type '{type}' is not supported; use dns or ip."),
        };
    }

    private static string NormalizeDns(string value)
    {
        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        var name = (wildcard ? value[2..] : value).TrimEnd('.');
        string ascii;
        try
        {
            ascii = Idn.GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw Rejected(value, "is not a valid DNS name");
        }

        var labels = ascii.Split('.');
        if (ascii.Length > 253 || labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || l.Contains('*')))
        {
            throw Rejected(value, "is not a fully qualified DNS name");
        }

        if (IPAddress.TryParse(ascii, out _) || labels[^1].All(char.IsAsciiDigit))
        {
            throw Rejected(value, "looks like an IP address; use an identifier of type ip");
        }

        return wildcard ? "*." + ascii : ascii;
    }

    private static string NormalizeIp(string value)
    {
        // ScopeId exists only for IPv6: reading it on an IPv4 address throws, so it is asked of IPv6 alone.
        if (!IPAddress.TryParse(value, out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            throw Rejected(value, "is not an IPv4 or IPv6 address");
        }

        return address.ToString();
    }

    private static AcmeException Rejected(string value, string why) =>
        new(AcmeErrors.RejectedIdentifier, $"'{value}' {why}.");
}
