using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Core.Validation;
using Ca.Tests.Revocation;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Ocsp;

/// <summary>
/// Our own delegated responder certificate stays what RFC 6960 4.2.2.2.1 and the CA/B Forum BR 4.9.9 expect of
/// one relying parties trust without a revocation check: id-pkix-ocsp-nocheck and a short lifetime (30 days by
/// default, never more than <see cref="OcspResponderCertificateBuilder.MaxValidity"/>, refused at start-up when
/// configured longer), as the running service hands it out with its answers, openssl judging.
/// </summary>
public sealed class OcspResponderCertificateLifetimeTests(PkiApiFactory factory) : IClassFixture<PkiApiFactory>
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<(TestPki Pki, SigningKey Key)> Setup = new(() => (TestPki.Create(Now), SigningKey.Generate(KeyAlgorithm.EcdsaP256)));

    [Fact]
    public void Build_ValidityBeyondTheMaximum_Throws()
    {
        var (pki, key) = Setup.Value;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now, OcspResponderCertificateBuilder.MaxValidity + TimeSpan.FromDays(1)));

        Assert.Equal("validity", error.ParamName);
        Assert.Contains("id-pkix-ocsp-nocheck", error.Message);
    }

    [Fact]
    public void Build_ValidityOfTheMaximum_NoCheckAndThatLifetime()
    {
        var (pki, key) = Setup.Value;

        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now, OcspResponderCertificateBuilder.MaxValidity);

        Assert.True(OcspResponseVerifier.HasNoCheck(certificate));
        Assert.Equal(Now.Add(OcspResponderCertificateBuilder.MaxValidity).UtcDateTime, certificate.NotAfter);
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(90, true)]
    [InlineData(91, false)]
    [InlineData(3650, false)]
    [InlineData(0, false)]
    public void OcspOptions_ResponderCertificateValidity_AcceptedUpToTheMaximum(int days, bool accepted)
    {
        var options = new OcspOptions { ResponderCertificateValidity = TimeSpan.FromDays(days) };

        var error = Record.Exception(options.EnsureValid);

        Assert.Equal(accepted, error is null);
    }

    [Fact]
    public void Service_ResponderValidityOfTenYearsConfigured_RefusesToStart()
    {
        using var longLived = new SettingsFactory(new Dictionary<string, string?> { ["Pki:Ocsp:ResponderCertificateValidity"] = "3650.00:00:00" });

        var error = Assert.ThrowsAny<Exception>(() => longLived.CreateClient());

        Assert.Contains("ResponderCertificateValidity", error.ToString());
    }

    [Fact]
    public async Task Service_OcspAnswer_SignedByAResponderWithNoCheckValidThirtyDays()
    {
        using var anonymous = factory.CreateClient();
        var issuer = new X509Certificate(Ca.Core.Common.Pem.TryDecode(await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate"), "CERTIFICATE")!);
        var request = new OcspReqGenerator();
        request.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, Org.BouncyCastle.Math.BigInteger.ValueOf(12345)));
        using var response = await anonymous.GetAsync($"/ocsp/{Uri.EscapeDataString(Convert.ToBase64String(request.Generate().GetEncoded()))}");
        var der = await response.Content.ReadAsByteArrayAsync();
        using var openssl = new OpenSslCli();
        openssl.Write("response.der", der);

        var printed = openssl.Run("ocsp", "-respin", "response.der", "-resp_text", "-noverify");
        var responder = ((BasicOcspResp)new OcspResp(der).GetResponseObject()).GetCerts().Single();

        Assert.Contains("OCSP No Check", printed.Output);
        Assert.NotNull(responder.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck));
        Assert.Equal(TimeSpan.FromDays(30) + OcspResponderCertificateBuilder.ClockSkewAllowance, responder.NotAfter - responder.NotBefore);
    }

    private sealed class SettingsFactory(IDictionary<string, string?> settings) : PkiApiFactory(settings);
}
