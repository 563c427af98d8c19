using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support;

/// <summary>A relying party's nonce-less OCSP GET (RFC 5019), the form answered from the pre-signed cache.</summary>
public static class OcspGet
{
    /// <summary>The certificate's status as the responder at <paramref name="client"/> states it: good, revoked or unknown.</summary>
    public static async Task<string> StatusAsync(HttpClient client, X509Certificate issuer, string serialHex)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, new Org.BouncyCastle.Math.BigInteger(serialHex, 16)));
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(generator.Generate().GetEncoded()));
        using var response = await client.GetAsync($"/ocsp/{encoded}");
        response.EnsureSuccessStatusCode();
        var ocsp = new OcspResp(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(OcspRespStatus.Successful, ocsp.Status);
        var single = ((BasicOcspResp)ocsp.GetResponseObject()).Responses.Single();
        return single.GetCertStatus() switch
        {
            null => "good",
            RevokedStatus => "revoked",
            _ => "unknown",
        };
    }
}
