using Ca.Tests.Support.Pki;
using System.Net;
using Ca.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// Downloaded CRLs are cached by URL, and the URLs come from certificates anyone may submit: the cache
/// keeps at most <see cref="ValidationOptions.MaxCachedCrls"/> entries and
/// <see cref="ValidationOptions.MaxCachedCrlBytes"/> bytes, however many URLs it is shown.
/// </summary>
public sealed class CrlDownloadCacheTests
{
    private static readonly TestCertificate Root = TestCertificateBuilder.Root("CRL Cache Root").Build();
    private static readonly byte[] CrlDer = TestCrlBuilder.By(Root).Build().GetEncoded();

    [Fact]
    public async Task HttpCrlSource_CertificatesNaming300DistributionPoints_CachesNoMoreThanTheBound()
    {
        var handler = new CountingCrlHandler();
        var source = Source(handler, new ValidationOptions { MaxCachedCrls = 20 });

        var crls = 0;
        for (var first = 0; first < 300; first += HttpCrlSource.MaxUrlsPerCertificate)
        {
            crls += (await source.GetCrlsAsync(WithDistributionPoints(HttpCrlSource.MaxUrlsPerCertificate, first), CancellationToken.None)).Count;
        }

        Assert.Equal(300, crls);
        Assert.InRange(source.CachedCount, 1, 20);
    }

    [Fact]
    public async Task HttpCrlSource_ByteBudgetForThreeCrls_CachesAtMostThree()
    {
        var source = Source(new CountingCrlHandler(), new ValidationOptions { MaxCachedCrlBytes = CrlDer.Length * 3 });

        for (var first = 0; first < 48; first += HttpCrlSource.MaxUrlsPerCertificate)
        {
            await source.GetCrlsAsync(WithDistributionPoints(HttpCrlSource.MaxUrlsPerCertificate, first), CancellationToken.None);
        }

        Assert.InRange(source.CachedCount, 1, 3);
    }

    [Fact]
    public async Task HttpCrlSource_SameUrlTwice_SecondServedFromCache()
    {
        var handler = new CountingCrlHandler();
        var source = Source(handler, new ValidationOptions());
        var certificate = WithDistributionPoints(1);

        await source.GetCrlsAsync(certificate, CancellationToken.None);
        await source.GetCrlsAsync(certificate, CancellationToken.None);

        Assert.Equal(1, handler.Calls);
    }

    private static HttpCrlSource Source(HttpMessageHandler handler, ValidationOptions options) =>
        new(new HttpClient(handler), new FakeTimeProvider(TestCertificateBuilder.ValidationTime), Options.Create(options), NullLogger<HttpCrlSource>.Instance);

    private static X509Certificate WithDistributionPoints(int count, int first = 0)
    {
        var points = Enumerable.Range(first, count)
            .Select(i => new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, $"http://crl{i}.example/ca.crl"))), null, null))
            .ToArray();
        return TestCertificateBuilder.Leaf("Leaf With Many CDPs", Root).Extension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint(points)).Build();
    }

    private sealed class CountingCrlHandler : HttpMessageHandler
    {
        private int calls;

        public int Calls => calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(CrlDer) });
        }
    }
}
