using System.Net;
using System.Net.Sockets;
using System.Text;
using Ca.Core.Validation.Online;

namespace Ca.Tests.Validation.Online;

/// <summary>
/// The URLs revocation fetching follows come from certificates anyone may submit: only http and https, never to
/// loopback, private or link-local addresses unless configured, not even through a redirect, and never more than
/// the size limit. A refusal opens no connection and is an answer with a reason, not an exception.
/// </summary>
public sealed class GuardedHttpFetcherTests
{
    private static readonly RevocationFetchOptions Closed = new() { TimeoutSeconds = 5 };

    [Fact]
    public async Task Get_LoopbackNotAllowed_RefusedWithoutConnecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var fetcher = new GuardedHttpFetcher(Closed);

        var result = await fetcher.GetAsync($"http://127.0.0.1:{port}/crl", 1024, CancellationToken.None);

        Assert.Null(result.Body);
        Assert.Contains("does not connect to", result.Error);
        Assert.False(listener.Pending(), "a connection reached the loopback listener");
    }

    [Theory]
    [InlineData("http://10.1.2.3/ocsp")]
    [InlineData("http://192.168.0.1/ocsp")]
    [InlineData("http://172.16.5.5/ocsp")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/ocsp")]
    [InlineData("http://[fe80::1]/ocsp")]
    [InlineData("http://[::ffff:127.0.0.1]/ocsp")]
    [InlineData("http://0.0.0.0/ocsp")]
    public async Task Post_NonPublicAddress_RefusedByTheGuard(string url)
    {
        using var fetcher = new GuardedHttpFetcher(Closed);

        var result = await fetcher.PostAsync(url, [0x30, 0x00], "application/ocsp-request", 1024, CancellationToken.None);

        Assert.Null(result.Body);
        Assert.Contains("does not connect to", result.Error);
    }

    [Theory]
    [InlineData("ftp://ocsp.example/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ldap://ldap.example/cn=CA?certificateRevocationList")]
    [InlineData("gopher://127.0.0.1:25/")]
    [InlineData("not a url")]
    public async Task Get_NonHttpScheme_NotFetched(string url)
    {
        using var fetcher = new GuardedHttpFetcher(Closed);

        var result = await fetcher.GetAsync(url, 1024, CancellationToken.None);

        Assert.Null(result.Body);
        Assert.Contains("not an http or https URL", result.Error);
    }

    [Fact]
    public async Task Get_RedirectToLinkLocal_RefusedAtTheSecondHop()
    {
        await using var server = new TinyHttpServer("HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var fetcher = new GuardedHttpFetcher(new RevocationFetchOptions { AllowLoopback = true });

        var result = await fetcher.GetAsync(server.Url, 1024, CancellationToken.None);

        Assert.Null(result.Body);
        Assert.Contains("169.254.169.254", result.Error);
        Assert.Contains("does not connect to", result.Error);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Get_RedirectToFileScheme_NotFollowed()
    {
        await using var server = new TinyHttpServer("HTTP/1.1 301 Moved\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var fetcher = new GuardedHttpFetcher(new RevocationFetchOptions { AllowLoopback = true });

        var result = await fetcher.GetAsync(server.Url, 1024, CancellationToken.None);

        Assert.Null(result.Body);
        Assert.Contains("not http or https", result.Error);
    }

    [Fact]
    public async Task Get_BodyOverTheLimit_Refused()
    {
        var body = new string('A', 5000);
        await using var server = new TinyHttpServer($"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{body}");
        using var fetcher = new GuardedHttpFetcher(new RevocationFetchOptions { AllowLoopback = true });

        var result = await fetcher.GetAsync(server.Url, 1024, CancellationToken.None);

        Assert.Null(result.Body);
        Assert.Contains("more than 1024 bytes", result.Error);
    }

    [Fact]
    public async Task Get_LoopbackAllowedByConfiguration_Fetched()
    {
        await using var server = new TinyHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        using var fetcher = new GuardedHttpFetcher(new RevocationFetchOptions { AllowLoopback = true });

        var result = await fetcher.GetAsync(server.Url, 1024, CancellationToken.None);

        Assert.Equal("hello", Encoding.ASCII.GetString(result.Body!));
    }
}
