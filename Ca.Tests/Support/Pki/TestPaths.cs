using Ca.Core.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Support.Pki;

/// <summary>Runs Ca.Core's public path builder and validator on test certificates, revocation off unless CRLs are given.</summary>
public static class TestPaths
{
    /// <summary>Default settings: <see cref="TestCertificateBuilder.ValidationTime"/>, no revocation checking.</summary>
    public static PathValidationSettings Settings => new() { ValidationTime = TestCertificateBuilder.ValidationTime, CheckRevocation = false };

    /// <summary>Builds and validates a path from <paramref name="target"/> to <paramref name="anchor"/>.</summary>
    public static Task<PathBuildResult> BuildAsync(TestCertificate target, TestCertificate anchor, params TestCertificate[] intermediates) =>
        BuildAsync(target, [anchor], intermediates, Settings);

    /// <summary>Builds and validates a path, checking revocation against the given CRLs.</summary>
    public static Task<PathBuildResult> BuildWithCrlsAsync(TestCertificate target, TestCertificate anchor, IEnumerable<X509Crl> crls, params TestCertificate[] intermediates) =>
        BuildAsync(target, [anchor], intermediates, Settings with { CheckRevocation = true }, new CrlRevocationChecker(new StaticCrlSource(crls)));

    /// <summary>Builds and validates a path with any inputs.</summary>
    public static Task<PathBuildResult> BuildAsync(
        TestCertificate target,
        IEnumerable<TestCertificate> anchors,
        IEnumerable<TestCertificate> intermediates,
        PathValidationSettings settings,
        IRevocationChecker? revocation = null) =>
        new CertificatePathBuilder().BuildAndValidateAsync(
            target.Certificate,
            intermediates.Select(c => c.Certificate),
            anchors.Select(a => new ValidationTrustAnchor(a.Certificate)),
            new CertificatePathValidator(),
            settings,
            revocation);
}
