using System.Text;
using Ca.Core.Acme;
using Ca.Core.Acme.Jws;

namespace Ca.Tests.Acme;

/// <summary>
/// A JWS whose JSON is not UTF-8 (in the body, the protected header or the payload) is a malformed request, not a
/// 500: System.Text.Json checks a string's bytes only when it is read, and then throws InvalidOperationException.
/// Found by the mutation campaign (seed 2101).
/// </summary>
public sealed class JwsMessageTests
{
    private static readonly byte[] NotUtf8 = [0xD9, 0x80, 0xFF];

    [Fact]
    public void Parse_BodyStringNotUtf8_Malformed()
    {
        byte[] body = [.. "{\"protected\":\"e30\",\"payload\":\""u8, .. NotUtf8, .. "\",\"signature\":\"AA\"}"u8];

        var error = Assert.Throws<AcmeException>(() => JwsMessage.Parse(body));

        Assert.Equal(AcmeErrors.Malformed, error.Type);
    }

    [Fact]
    public void Parse_ProtectedHeaderNotUtf8_Malformed()
    {
        byte[] header = [.. "{\"alg\":\""u8, .. NotUtf8, .. "\"}"u8];
        var body = Encoding.ASCII.GetBytes($"{{\"protected\":\"{Base64Url.Encode(header)}\",\"payload\":\"\",\"signature\":\"AA\"}}");

        var error = Assert.Throws<AcmeException>(() => JwsMessage.Parse(body).Algorithm);

        Assert.Equal(AcmeErrors.Malformed, error.Type);
    }

    [Fact]
    public void Parse_ProtectedHeaderEscapesALoneSurrogate_Malformed()
    {
        var header = "{\"alg\":\"ES256\",\"nonce\":\"\\uD800\"}"u8.ToArray();
        var body = Encoding.ASCII.GetBytes($"{{\"protected\":\"{Base64Url.Encode(header)}\",\"payload\":\"\",\"signature\":\"AA\"}}");

        var error = Assert.Throws<AcmeException>(() => JwsMessage.Parse(body).Nonce);

        Assert.Equal(AcmeErrors.Malformed, error.Type);
    }

    [Fact]
    public void PayloadObject_NotUtf8_Malformed()
    {
        byte[] payload = [.. "{\"csr\":\""u8, .. NotUtf8, .. "\"}"u8];
        var body = Encoding.ASCII.GetBytes($"{{\"protected\":\"{Base64Url.Encode("{\"alg\":\"ES256\"}"u8)}\",\"payload\":\"{Base64Url.Encode(payload)}\",\"signature\":\"AA\"}}");
        var message = JwsMessage.Parse(body);

        var error = Assert.Throws<AcmeException>(() => message.PayloadObject().GetProperty("csr").GetString());

        Assert.Equal(AcmeErrors.Malformed, error.Type);
    }
}
