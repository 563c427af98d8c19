using Ca.Core.Acme;

namespace Ca.Tests.Acme;

/// <summary>
/// IP identifiers of an order are normalised, IPv4 as well as IPv6; an IPv6 address with a zone is refused. Every
/// IPv4 identifier answered 500 (IPAddress.ScopeId throws for IPv4); found by the mutation campaign (ACME seed).
/// </summary>
public sealed class AcmeIdentifierTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    public void Normalize_IpAddress_ReturnsItsCanonicalForm(string value, string expected)
    {
        var identifier = AcmeIdentifier.Normalize("ip", value);

        Assert.Equal(expected, identifier.Value);
    }

    [Theory]
    [InlineData("fe80::1%2")]
    [InlineData("not an address")]
    public void Normalize_IpWithZoneOrMalformed_RejectedIdentifier(string value)
    {
        var error = Assert.Throws<AcmeException>(() => AcmeIdentifier.Normalize("ip", value));

        Assert.Contains("rejectedIdentifier", error.Type, StringComparison.Ordinal);
    }
}
