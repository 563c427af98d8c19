using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Profiles;

namespace Ca.Tests.Issuance;

public sealed class SubjectAltNamesTests
{
    [Theory]
    [InlineData("www.example.co.th", SanType.Dns, "www.example.co.th")]
    [InlineData("WWW.Example.CO.TH.", SanType.Dns, "www.example.co.th")]
    [InlineData("ตัวอย่าง.ไทย", SanType.Dns, "xn--72c1a1bt4awk9o.xn--o3cw4h")]
    [InlineData("ip:192.0.2.1", SanType.Ip, "192.0.2.1")]
    [InlineData("ip:2001:db8::1", SanType.Ip, "2001:db8::1")]
    [InlineData("email:somchai@Example.CO.TH", SanType.Email, "somchai@example.co.th")]
    [InlineData("uri:https://www.example.co.th/id/1", SanType.Uri, "https://www.example.co.th/id/1")]
    public void Parse_ApiTextForm_GivesTheNormalisedName(string text, SanType type, string value)
    {
        var san = SubjectAltNames.Parse(text, "sans[0]");

        Assert.Equal(type, san.Type);
        Assert.Equal(value, san.Value);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("bad_name.example.co.th")]
    [InlineData("a..example.co.th")]
    [InlineData("-start.example.co.th")]
    [InlineData("www.*.example.co.th")]
    [InlineData("ip:999.1.1.1")]
    [InlineData("email:no-at-sign")]
    [InlineData("email:สมชาย@example.co.th")]
    [InlineData("uri:not a uri")]
    public void Parse_InvalidName_IsRefusedWith422(string text)
    {
        var error = Assert.Throws<CaException>(() => SubjectAltNames.Parse(text, "sans[0]"));

        Assert.Equal(CaErrorKind.Unprocessable, error.Kind);
        Assert.Equal("sans[0]", error.Field);
    }

    [Fact]
    public void Validate_WildcardWhenProfileAllowsIt_IsAccepted()
    {
        var profile = BuiltInProfiles.All["tls-server"] with { AllowWildcardDnsNames = true };

        var sans = SubjectAltNames.Validate([SubjectAltNames.Parse("*.example.co.th", "sans")], profile);

        Assert.Equal("*.example.co.th", Assert.Single(sans).Value);
    }
}
