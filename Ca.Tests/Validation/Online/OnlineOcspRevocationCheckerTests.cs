using System.Net;
using Ca.Core.Revocation;
using Ca.Core.Validation;
using Ca.Core.Validation.Online;
using Ca.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation.Online;

/// <summary>
/// The OCSP client against a real responder: this service's own /ocsp on a Kestrel socket (its answers are signed
/// by a delegated responder certificate, RFC 6960 4.2.2.2), with loopback allowed by configuration as only a test
/// may. Good, revoked and stale answers, the cache, and the guard when loopback is not allowed.
/// </summary>
public sealed class OnlineOcspRevocationCheckerTests(KestrelPkiApiFactory factory) : IClassFixture<KestrelPkiApiFactory>
{
    private static readonly RevocationFetchOptions Loopback = new() { AllowLoopback = true };

    [Fact]
    public async Task Query_GoodCertificateAtLiveResponder_GoodSignedByDelegatedResponder()
    {
        var (leaf, issuer) = await IssueAsync("ocsp-good");
        using var fetcher = new GuardedHttpFetcher(Loopback);
        var checker = new OnlineOcspRevocationChecker(fetcher, Loopback, TimeProvider.System);

        var result = await checker.QueryAsync(ResponderUrl, Request(leaf, issuer, DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(RevocationOrigin.Ocsp, result.Source!.Origin);
        Assert.Equal(ResponderUrl, result.Source.Location);
        Assert.NotEqual(issuer.SubjectDN.ToString(), result.Source.Issuer);
        Assert.NotNull(result.Source.NextUpdate);
    }

    [Fact]
    public async Task Query_RevokedCertificate_RevokedWithReason()
    {
        var (leaf, issuer, serial) = await IssueWithSerialAsync("ocsp-revoked");
        using var requester = factory.ClientFor("requester");
        var revoke = await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var fetcher = new GuardedHttpFetcher(Loopback);
        var checker = new OnlineOcspRevocationChecker(fetcher, Loopback, TimeProvider.System);

        var result = await checker.QueryAsync(ResponderUrl, Request(leaf, issuer, DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(RevocationReason.KeyCompromise, result.Reason);
    }

    [Fact]
    public async Task Query_AnswerStaleAtTheClientsTime_Unknown()
    {
        var (leaf, issuer) = await IssueAsync("ocsp-stale");
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(30));
        using var fetcher = new GuardedHttpFetcher(Loopback);
        var checker = new OnlineOcspRevocationChecker(fetcher, Loopback, later);

        var result = await checker.QueryAsync(ResponderUrl, Request(leaf, issuer, later.GetUtcNow()), CancellationToken.None);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("stale", result.Detail);
    }

    [Fact]
    public async Task Query_LoopbackNotAllowed_UnknownRefusedByTheGuard()
    {
        var (leaf, issuer) = await IssueAsync("ocsp-guarded");
        var closed = new RevocationFetchOptions();
        using var fetcher = new GuardedHttpFetcher(closed);
        var checker = new OnlineOcspRevocationChecker(fetcher, closed, TimeProvider.System);

        var result = await checker.QueryAsync(ResponderUrl, Request(leaf, issuer, DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("does not connect to", result.Detail);
    }

    [Fact]
    public async Task ResponderUrls_IssuedCertificate_NamesTheAiaResponder()
    {
        var (leaf, _) = await IssueAsync("ocsp-aia");

        Assert.Equal(["http://pki.test/ocsp"], OnlineOcspRevocationChecker.ResponderUrls(leaf));
    }

    private string ResponderUrl => $"{factory.BaseUrl}/ocsp";

    private static RevocationRequest Request(X509Certificate leaf, X509Certificate issuer, DateTimeOffset at) => new()
    {
        Certificate = leaf,
        Issuer = issuer,
        IssuerName = issuer.SubjectDN,
        IssuerPublicKey = issuer.GetPublicKey(),
        ValidationTime = at,
        TrustAnchor = new ValidationTrustAnchor(issuer),
    };

    private async Task<(X509Certificate Leaf, X509Certificate Issuer)> IssueAsync(string name)
    {
        var (leaf, issuer, _) = await IssueWithSerialAsync(name);
        return (leaf, issuer);
    }

    private async Task<(X509Certificate Leaf, X509Certificate Issuer, string Serial)> IssueWithSerialAsync(string name)
    {
        using var requester = factory.ClientFor("requester");
        var (pem, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256($"CN={name}.example.co.th", $"{name}.example.co.th") });
        using var anonymous = factory.CreateClient();
        var issuer = await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        return (Parse(pem), Parse(issuer), serial);
    }

    private static X509Certificate Parse(string pem) => new(Ca.Core.Common.Pem.TryDecode(pem, "CERTIFICATE")!);
}
