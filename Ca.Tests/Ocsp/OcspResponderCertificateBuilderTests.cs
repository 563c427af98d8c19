using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Tests.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Ca.Tests.Ocsp;

/// <summary>Delegated responder certificates at fixed dates.</summary>
public sealed class OcspResponderCertificateBuilderTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<(TestPki Pki, SigningKey Key)> Setup = new(() => (TestPki.Create(Now), SigningKey.Generate(KeyAlgorithm.Rsa2048)));

    [Fact]
    public void Build_Default_HasOcspProfileExtensions()
    {
        var (pki, key) = Setup.Value;

        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now);

        Assert.Equal(new[] { KeyPurposeID.id_kp_OCSPSigning.Id }, certificate.GetExtendedKeyUsage().Select(o => o.Id));
        Assert.Contains(X509Extensions.KeyUsage.Id, certificate.GetCriticalExtensionOids());
        Assert.Equal(new[] { true, false, false, false, false, false, false, false, false }, certificate.GetKeyUsage());
        Assert.Contains(OcspObjectIdentifiers.PkixOcspNocheck.Id, certificate.GetNonCriticalExtensionOids());
        Assert.IsType<DerNull>(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck)));
        var aki = AuthorityKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier)));
        Assert.Equal(pki.Issuing.SubjectKeyIdentifier.GetKeyIdentifier(), aki.KeyIdentifier.GetOctets());
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier));
        Assert.Equal(-1, certificate.GetBasicConstraints());
        Assert.Equal(pki.Issuing.Certificate.SubjectDN, certificate.IssuerDN);
        Assert.Contains("OCSP Responder", certificate.SubjectDN.ToString());
        certificate.Verify(pki.Issuing.Certificate.GetPublicKey());
    }

    [Fact]
    public void Build_Default_Valid30DaysWithSkewAllowance()
    {
        var (pki, key) = Setup.Value;

        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now);

        Assert.Equal(Now.AddMinutes(-5).UtcDateTime, certificate.NotBefore);
        Assert.Equal(Now.AddDays(30).UtcDateTime, certificate.NotAfter);
    }

    [Fact]
    public void Build_ValidityBeyondCa_ClampedToCaNotAfter()
    {
        var (pki, key) = Setup.Value;
        var nearCaEnd = pki.Issuing.NotAfter.AddDays(-10);

        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, nearCaEnd);

        Assert.Equal(pki.Issuing.NotAfter.UtcDateTime, certificate.NotAfter);
    }

    [Fact]
    public void Build_NonPositiveValidity_Throws()
    {
        var (pki, key) = Setup.Value;

        Assert.Throws<ArgumentOutOfRangeException>(() => OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(19, false)]
    [InlineData(21, true)]
    [InlineData(40, true)]
    public void NeedsRollover_DaysElapsedOf30_TrueWhenUnderAThirdRemains(int daysElapsed, bool expected)
    {
        var (pki, key) = Setup.Value;
        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now);

        Assert.Equal(expected, OcspResponderCertificateBuilder.NeedsRollover(certificate, Now.AddDays(daysElapsed)));
    }

    [Fact]
    public void OcspSigner_ResponderCertificateForOtherKey_Throws()
    {
        var (pki, key) = Setup.Value;
        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now);
        using var other = SigningKey.Generate(KeyAlgorithm.Ed25519);

        Assert.Throws<ArgumentException>(() => new OcspSigner(pki.Issuing.Id, pki.Issuing.Certificate, certificate, other));
    }

    [Fact]
    public void OcspSigner_ResponderCertificateFromOtherCa_Throws()
    {
        var (pki, key) = Setup.Value;
        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, Now);

        Assert.Throws<ArgumentException>(() => new OcspSigner(pki.Root.Id, pki.Root.Certificate, certificate, key));
    }

}
