using Ca.Core.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>A root, an intermediate CA and an end entity, each overridable, plus fresh empty CRLs.</summary>
internal sealed class TestChain
{
    public TestChain(
        Func<TestPki.CertSpec, TestPki.CertSpec>? intermediate = null,
        Func<TestPki.CertSpec, TestPki.CertSpec>? endEntity = null)
    {
        Root = TestPki.SelfSignedRoot();
        Intermediate = TestPki.Issue(
            (intermediate ?? (s => s))(new TestPki.CertSpec { Subject = "Test Intermediate", PublicKey = TestPki.IntermediateKey.Public }),
            Root, TestPki.RootKey.Private);
        EndEntity = TestPki.Issue(
            (endEntity ?? (s => s))(new TestPki.CertSpec { Subject = "Test End Entity", PublicKey = TestPki.EndEntityKey.Public, IsCa = false }),
            Intermediate, TestPki.IntermediateKey.Private);
        RootCrl = TestPki.Crl(Root, TestPki.RootKey.Private);
        IntermediateCrl = TestPki.Crl(Intermediate, TestPki.IntermediateKey.Private);
    }

    public X509Certificate Root { get; }
    public X509Certificate Intermediate { get; }
    public X509Certificate EndEntity { get; }
    public X509Crl RootCrl { get; }
    public X509Crl IntermediateCrl { get; }

    public IReadOnlyList<X509Certificate> Chain => [Intermediate, EndEntity];

    public static PathValidationSettings Settings => PathValidationSettings.At(TestPki.ValidationTime);

    public IRevocationChecker Crls(params X509Crl[] crls) =>
        new CrlRevocationChecker(new StaticCrlSource(crls.Length > 0 ? crls : [RootCrl, IntermediateCrl]));

    public ValueTask<PathValidationResult> ValidateAsync(PathValidationSettings? settings = null, IRevocationChecker? revocation = null) =>
        new CertificatePathValidator().ValidateAsync(Root, Chain, settings ?? Settings, revocation ?? Crls());
}
