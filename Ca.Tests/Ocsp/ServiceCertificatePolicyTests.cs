using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Core.Profiles;
using Ca.Core.Timestamping;
using Ca.Tests.Revocation;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Ca.Tests.Ocsp;

/// <summary>The service's own certificates (OCSP responder, TSA) name the policy they were issued under, configurable.</summary>
public sealed class ServiceCertificatePolicyTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<(TestPki Pki, SigningKey Key)> Setup = new(() => (TestPki.Create(Now, KeyAlgorithm.EcdsaP256), SigningKey.Generate(KeyAlgorithm.EcdsaP256)));

    [Fact]
    public void OcspResponderCertificate_ByDefault_CarriesTheResponderPolicy()
    {
        var (pki, key) = Setup.Value;

        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now);

        Assert.Equal([ServicePolicyOids.OcspResponder], Policies(certificate));
    }

    [Fact]
    public void OcspResponderCertificate_Configured_CarriesTheConfiguredPolicy()
    {
        var (pki, key) = Setup.Value;

        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now, policyOids: ["1.3.6.1.4.1.32473.9.6"]);

        Assert.Equal(["1.3.6.1.4.1.32473.9.6"], Policies(certificate));
    }

    [Fact]
    public void TsaCertificate_ByDefault_CarriesTheTsaCertificatePolicy()
    {
        var (pki, key) = Setup.Value;

        var certificate = TsaCertificateBuilder.Build(pki.Issuing, new X509Name("CN=TSA,O=Tests,C=TH"), key.PublicKeyInfo, Now, null, TestPki.Urls);

        Assert.Equal([ServicePolicyOids.TimeStampingCertificate], Policies(certificate));
    }

    [Fact]
    public void TsaTokenPolicy_Default_IsUnderTheServiceArcNotAPlaceholder()
    {
        Assert.Equal(ServicePolicyOids.Arc + ".2.1", new TsaOptions().PolicyOid);
        Assert.StartsWith("1.3.6.1.4.1.32473.", ServicePolicyOids.Arc + ".");
    }

    private static List<string> Policies(X509Certificate certificate) =>
        CertificatePolicies.GetInstance(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(X509Extensions.CertificatePolicies)))
            .GetPolicyInformation().Select(p => p.PolicyIdentifier.Id).ToList();
}
