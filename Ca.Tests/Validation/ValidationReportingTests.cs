using Ca.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ca.Tests.Support.Pki;

namespace Ca.Tests.Validation;

public sealed class ValidationReportingTests
{
    [Theory]
    [InlineData(ValidationSubIndication.HashFailure, "HASH_FAILURE")]
    [InlineData(ValidationSubIndication.SigCryptoFailure, "SIG_CRYPTO_FAILURE")]
    [InlineData(ValidationSubIndication.RevokedNoPoe, "REVOKED_NO_POE")]
    [InlineData(ValidationSubIndication.RevokedCaNoPoe, "REVOKED_CA_NO_POE")]
    [InlineData(ValidationSubIndication.OutOfBoundsNoPoe, "OUT_OF_BOUNDS_NO_POE")]
    [InlineData(ValidationSubIndication.NoCertificateChainFound, "NO_CERTIFICATE_CHAIN_FOUND")]
    [InlineData(ValidationSubIndication.TryLater, "TRY_LATER")]
    public void ToEtsiName_SubIndication_EtsiToken(ValidationSubIndication value, string expected) =>
        Assert.Equal(expected, value.ToEtsiName());

    [Fact]
    public void ToEtsiName_Indication_UpperCase()
    {
        Assert.Equal("PASSED", ValidationIndication.Passed.ToEtsiName());
        Assert.Equal("INDETERMINATE", ValidationIndication.Indeterminate.ToEtsiName());
    }

    [Fact]
    public async Task HttpCrlSource_UnreachableDistributionPoint_NoCrlAndNoException()
    {
        var certificate = TestCertificateBuilder.Root("Offline CDP").CrlDistributionPoint("http://127.0.0.1:9/none.crl").Build().Certificate;
        using var http = new HttpClient();
        var source = new HttpCrlSource(http, TimeProvider.System, Options.Create(new ValidationOptions { CrlFetchTimeoutSeconds = 2 }), NullLogger<HttpCrlSource>.Instance);

        var crls = await source.GetCrlsAsync(certificate, CancellationToken.None);

        Assert.Empty(crls);
    }
}
