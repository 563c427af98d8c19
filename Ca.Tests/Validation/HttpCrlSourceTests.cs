using Ca.Tests.Support.Pki;
using System.Collections.Concurrent;
using System.Net;
using Ca.Core.Validation;
using Ca.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// Fetching CRLs named by certificates anyone may submit: the bytes served are hostile, the number of URLs per
/// certificate is bounded (the cache bound is specified in CrlDownloadCacheTests).
/// </summary>
public sealed class HttpCrlSourceTests
{
    private static readonly TestChain Chain = new();

    [Fact]
    public async Task GetCrls_CertificateNamingTwentyUrls_FetchesAtMostFour()
    {
        var server = new CrlServer(_ => Chain.IntermediateCrl.GetEncoded());
        var source = Source(server, new ValidationOptions());

        var crls = await source.GetCrlsAsync(WithDistributionPoints(Enumerable.Range(0, 20).Select(i => $"http://crl.test/many-{i}.crl").ToArray()), CancellationToken.None);

        Assert.Equal(HttpCrlSource.MaxUrlsPerCertificate, crls.Count);
        Assert.Equal(HttpCrlSource.MaxUrlsPerCertificate, server.TotalRequests);
    }

    [Fact]
    public async Task GetCrls_CertificateWithFreshestCrlPoint_FetchesTheDeltaTooAndNamesEachUrl()
    {
        var server = new CrlServer(uri => uri.AbsolutePath.Contains("delta", StringComparison.Ordinal) ? Chain.IntermediateCrl.GetEncoded() : Chain.RootCrl.GetEncoded());
        var source = Source(server, new ValidationOptions());
        var freshest = new CrlDistPoint([new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, "http://crl.test/delta.crl"))), null, null)]);
        var certificate = TestCertificateBuilder.Leaf("CRL Delta Leaf", Chain.IntermediateCa)
            .CrlDistributionPoint("http://crl.test/full.crl")
            .Extension(X509Extensions.FreshestCrl, false, freshest)
            .Build();

        var crls = await source.GetCrlsAsync(certificate, CancellationToken.None);

        Assert.Equal(2, crls.Count);
        Assert.Equal(["http://crl.test/full.crl", "http://crl.test/delta.crl"], crls.Select(c => source.LocationOf(c)));
    }

    [Theory]
    [InlineData(5201)]
    [InlineData(5202)]
    public async Task GetCrls_ServerSendsMutatedCrl_CrlOrNothingNeverAnException(int seed)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(Chain.IntermediateCrl.GetEncoded(), seed, 100))
        {
            var source = Source(new CrlServer(_ => mutation.Bytes), new ValidationOptions());
            try
            {
                var crls = await source.GetCrlsAsync(WithDistributionPoints("http://crl.test/mutated.crl"), CancellationToken.None);
                if (crls.Count == 1)
                {
                    _ = await Chain.ValidateAsync(revocation: Chain.Crls(Chain.RootCrl, crls[0]));
                }
            }
            catch (Exception e)
            {
                failures.Add($"{mutation}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }

    private static HttpCrlSource Source(CrlServer server, ValidationOptions options) =>
        new(new HttpClient(server), new FakeTimeProvider(TestCertificateBuilder.ValidationTime), Options.Create(options), NullLogger<HttpCrlSource>.Instance);

    private static X509Certificate WithDistributionPoints(params string[] urls) => TestCertificateBuilder.Leaf("CRL Fetch Leaf", Chain.IntermediateCa)
        .Extension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint(urls
            .Select(u => new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, u))), null, null))
            .ToArray()))
        .Build();

    /// <summary>An HTTP server in-process: serves whatever the test says for each URL and counts the requests.</summary>
    private sealed class CrlServer(Func<Uri, byte[]> body) : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, int> requests = new(StringComparer.Ordinal);

        public int TotalRequests => requests.Values.Sum();

        public int Requests(string url) => requests.GetValueOrDefault(url);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.AddOrUpdate(request.RequestUri!.ToString(), 1, (_, n) => n + 1);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body(request.RequestUri)) });
        }
    }
}
