using Ca.Tests.Support.Pki;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Conformance.Rfc5280;

/// <summary>The files of one conformance case: what both Ca.Core and openssl are given.</summary>
/// <param name="Target">The certificate to validate.</param>
/// <param name="Anchors">The trusted certificates (openssl's -CAfile).</param>
/// <param name="Intermediates">Untrusted certificates offered for path building (openssl's -untrusted).</param>
/// <param name="Crls">CRLs; when any is given, revocation is checked for every certificate (openssl's -crl_check_all).</param>
public sealed record ConformanceChain(TestCertificate Target, IReadOnlyList<TestCertificate> Anchors, IReadOnlyList<TestCertificate> Intermediates, IReadOnlyList<X509Crl> Crls)
{
    /// <summary>The validation time (whole seconds: openssl's -attime takes seconds since the epoch).</summary>
    public DateTimeOffset Time { get; init; } = TestCertificateBuilder.ValidationTime;
}

/// <summary>
/// One row of the RFC 5280 conformance table: a generated chain, the verdict RFC 5280 gives it, the section that
/// decides, and — where OpenSSL 3.0 with -x509_strict gives the other verdict — why we follow the RFC.
/// </summary>
/// <param name="Name">A unique, readable case name.</param>
/// <param name="Category">The category of the issue the case belongs to.</param>
/// <param name="Valid">The expected verdict: true when the path must validate.</param>
/// <param name="RfcSection">The section that decides the verdict.</param>
/// <param name="Build">Builds the chain (lazily, so a failing build only fails its own row).</param>
public sealed record ConformanceCase(string Name, string Category, bool Valid, string RfcSection, Func<ConformanceChain> Build)
{
    /// <summary>
    /// Null when OpenSSL agrees; otherwise why OpenSSL's verdict differs and the RFC section that decides in our
    /// favour. The table test fails on a disagreement not listed here, and on a listed one that has gone away.
    /// </summary>
    public string? OpenSslDiffers { get; init; }

    public override string ToString() => Name;
}
