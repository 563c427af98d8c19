using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// A fixture built with the suite's one builder: a root, an intermediate CA and an end entity (each editable), plus
/// fresh empty CRLs from both CAs.
/// </summary>
internal sealed class TestChain
{
    public TestChain(
        Func<TestCertificateBuilder, TestCertificateBuilder>? intermediate = null,
        Func<TestCertificateBuilder, TestCertificateBuilder>? endEntity = null)
    {
        RootCa = TestCertificateBuilder.Root().Build();
        IntermediateCa = (intermediate ?? (b => b))(TestCertificateBuilder.Intermediate("Test Intermediate", RootCa)).Build();
        Leaf = (endEntity ?? (b => b))(TestCertificateBuilder.Leaf("Test End Entity", IntermediateCa)).Build();
        RootCrl = TestCrlBuilder.By(RootCa).Build();
        IntermediateCrl = TestCrlBuilder.By(IntermediateCa).Build();
    }

    public TestCertificate RootCa { get; }
    public TestCertificate IntermediateCa { get; }
    public TestCertificate Leaf { get; }

    public X509Certificate Root => RootCa.Certificate;
    public X509Certificate Intermediate => IntermediateCa.Certificate;
    public X509Certificate EndEntity => Leaf.Certificate;
    public X509Crl RootCrl { get; }
    public X509Crl IntermediateCrl { get; }

    public IReadOnlyList<X509Certificate> Chain => [Intermediate, EndEntity];

    public static PathValidationSettings Settings => PathValidationSettings.At(TestCertificateBuilder.ValidationTime);

    public IRevocationChecker Crls(params X509Crl[] crls) =>
        new CrlRevocationChecker(new StaticCrlSource(crls.Length > 0 ? crls : [RootCrl, IntermediateCrl]));

    public ValueTask<PathValidationResult> ValidateAsync(PathValidationSettings? settings = null, IRevocationChecker? revocation = null) =>
        new CertificatePathValidator().ValidateAsync(Root, Chain, settings ?? Settings, revocation ?? Crls());

    /// <summary>Returns a copy of the certificate with one bit of its signature flipped.</summary>
    public static X509Certificate Tamper(X509Certificate certificate)
    {
        var der = certificate.GetEncoded();
        der[^3] ^= 0x01;
        return new X509CertificateParser().ReadCertificate(der);
    }
}
