using System.Net;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1.Pkcs;

namespace Ca.Tests.Api;

/// <summary>Hostile CSRs through the real pipeline: a 4xx problem with a code, and nothing written.</summary>
public sealed class CsrHardeningApiTests : IClassFixture<PkiApiFactory>
{
    private readonly PkiApiFactory factory;
    private readonly HttpClient client;

    public CsrHardeningApiTests(PkiApiFactory factory)
    {
        this.factory = factory;
        client = factory.ClientFor("requester");
    }

    public static TheoryData<string, string, HttpStatusCode, string> Cases => new()
    {
        { "extensionRequest holding an empty SET", CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA256WITHECDSA", attributes: CraftedCsr.EmptyExtensionRequest()), HttpStatusCode.BadRequest, "malformed-csr" },
        { "RSA signature algorithm over an EC key", CraftedCsr.WithClaimedAlgorithm(CraftedCsr.EcKey(), PkcsObjectIdentifiers.Sha256WithRsaEncryption), HttpStatusCode.UnprocessableEntity, "csr-signature-algorithm-mismatch" },
        { "ecdsa-with-SHA1", CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA1WITHECDSA"), HttpStatusCode.UnprocessableEntity, "csr-signature-weak" },
        { "sha1WithRSAEncryption", CraftedCsr.Signed(CraftedCsr.RsaKey(), "SHA1WITHRSA"), HttpStatusCode.UnprocessableEntity, "csr-signature-weak" },
        { "version 1", CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA256WITHECDSA", version: 1), HttpStatusCode.UnprocessableEntity, "csr-version-unsupported" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Submit_HostileCsr_AnswersProblemWithCodeAndWritesNothing(string because, string csr, HttpStatusCode expected, string code)
    {
        var before = await factory.CountRowsAsync();

        var (response, json) = await client.PostJsonAsync("/api/v1/certificate-requests", new { profile = "tls-server", csr });

        Assert.True(expected == response.StatusCode, $"{because}: expected {(int)expected}, got {(int)response.StatusCode} {json.Problem()}");
        Assert.Equal(code, json!["code"]?.GetValue<string>());
        Assert.Equal(before, await factory.CountRowsAsync());
    }
}
