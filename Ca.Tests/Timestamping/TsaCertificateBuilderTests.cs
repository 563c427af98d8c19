using Ca.Core.Keys;
using Ca.Core.Timestamping;
using Ca.Tests.Support.Documents;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Timestamping;

public sealed class TsaCertificateBuilderTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    [Fact]
    public void Build_Default_CriticalEkuWithOnlyTimeStamping()
    {
        var certificate = Pki.Tsa.Certificate;

        Assert.Contains(X509Extensions.ExtendedKeyUsage.Id, certificate.GetCriticalExtensionOids());
        Assert.Equal([KeyPurposeID.id_kp_timeStamping.Id], certificate.GetExtendedKeyUsage().Select(o => o.Id));
        Assert.Contains(X509Extensions.KeyUsage.Id, certificate.GetCriticalExtensionOids());
        Assert.True(certificate.GetKeyUsage()[0]);
        Assert.Equal(1, certificate.GetKeyUsage().Count(b => b));
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier));
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier));
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.CrlDistributionPoints));
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.AuthorityInfoAccess));
        Assert.Equal(TsaCertificateBuilder.DefaultValidity, certificate.NotAfter - certificate.NotBefore);
        certificate.Verify(Pki.Issuing.Certificate.GetPublicKey());
    }

    [Fact]
    public void Build_ValidityBeyondIssuer_ClampedToIssuerNotAfter()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.EcdsaP256);

        var certificate = TsaCertificateBuilder.Build(Pki.Issuing, new X509Name("CN=Long TSA"), key.PublicKeyInfo, Pki.Now, TimeSpan.FromDays(365 * 20), DocumentPki.Urls);

        Assert.Equal(Pki.Issuing.Certificate.NotAfter, certificate.NotAfter);
    }

    [Fact]
    public async Task Build_Default_OpenSslAcceptsForTimeStampSigning()
    {
        var dir = Pki.NewWorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "tsa.pem"), Ca.Core.Common.Pem.Encode("CERTIFICATE", Pki.Tsa.Certificate.GetEncoded()));

        var result = await OpenSslRunner.RunOkAsync(dir, "verify", "-CAfile", Pki.ChainPem, "-purpose", "timestampsign", "tsa.pem");

        Assert.Contains("tsa.pem: OK", result.Output);
    }
}
