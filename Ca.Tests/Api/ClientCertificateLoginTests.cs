using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Api;

/// <summary>Mutual TLS: a tls-client certificate this PKI issued logs in as the account that requested it, until it is revoked.</summary>
public sealed class ClientCertificateLoginTests
{
    [Fact]
    public async Task ClientCertificate_IssuedHere_ActsAsItsAccountUntilRevoked()
    {
        using var factory = new TlsFactory();
        using var requester = factory.TlsClient(null);
        requester.DefaultRequestHeaders.Authorization = new("Bearer", AdminSetup(factory));
        var (response, json) = await requester.PostJsonAsync("/api/v1/certificate-requests", new
        {
            profile = "tls-client",
            keyAlgorithm = "ECDSA-P256",
            subject = new Dictionary<string, string> { ["CN"] = "payroll-batch" },
            pkcs12Password = "mutual tls please",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var serial = json!["certificate"]!["serialNumber"]!.GetValue<string>();
        using var clientCertificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(json["pkcs12"]!.GetValue<string>()), "mutual tls please");
        using var tls = factory.TlsClient(clientCertificate);
        using var noCertificate = factory.TlsClient(null);

        var mine = await tls.GetJsonAsync("/api/v1/certificates");
        Assert.Equal(serial, Assert.Single(mine["items"]!.AsArray())!["serialNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await noCertificate.GetAsync("/api/v1/certificates")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" })).StatusCode);

        using var afterRevocation = factory.TlsClient(clientCertificate);
        Assert.Equal(HttpStatusCode.Unauthorized, (await afterRevocation.GetAsync("/api/v1/certificates")).StatusCode);
    }

    [Fact]
    public async Task ClientCertificate_IssuingCaRevoked_NoLongerLogsIn()
    {
        using var factory = new TlsFactory();
        using var requester = factory.TlsClient(null);
        requester.DefaultRequestHeaders.Authorization = new("Bearer", AdminSetup(factory));
        var (response, json) = await requester.PostJsonAsync("/api/v1/certificate-requests", new
        {
            profile = "tls-client",
            keyAlgorithm = "ECDSA-P256",
            subject = new Dictionary<string, string> { ["CN"] = "branch-office" },
            pkcs12Password = "mutual tls please",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var serial = json!["certificate"]!["serialNumber"]!.GetValue<string>();
        using var clientCertificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(json["pkcs12"]!.GetValue<string>()), "mutual tls please");
        using (var before = factory.TlsClient(clientCertificate))
        {
            Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/v1/certificates")).StatusCode);
        }

        using var admin = factory.TlsClient(null);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", PkiApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsyncExact("/api/v1/cas/issuing-ca/revoke", new { reason = "cACompromise" })).StatusCode);

        // The leaf's own row is untouched: only the chain says no.
        Assert.Equal("valid", (await admin.GetJsonAsync($"/api/v1/certificates/{serial}"))["status"]!.GetValue<string>());
        using var after = factory.TlsClient(clientCertificate);
        Assert.Equal(HttpStatusCode.Unauthorized, (await after.GetAsync("/api/v1/certificates")).StatusCode);
    }

    [Fact]
    public async Task ClientCertificate_FromAnotherCa_IsRejected()
    {
        using var factory = new TlsFactory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=stranger", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var client = factory.TlsClient(selfSigned);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/certificates")).StatusCode);
    }

    /// <summary>Creates a requester account over the TLS socket (the in-memory client cannot reach it) and returns its key.</summary>
    private static string AdminSetup(TlsFactory factory)
    {
        using var admin = factory.TlsClient(null);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", PkiApiFactory.AdminKey);
        var account = admin.PostJsonAsync("/api/v1/accounts", new { name = "mtls-requester", roles = new[] { "requester" } }).GetAwaiter().GetResult().Body!;
        var key = admin.PostJsonAsync($"/api/v1/accounts/{account["id"]}/keys", new { }).GetAwaiter().GetResult().Body!;
        return key["key"]!.GetValue<string>();
    }

    private sealed class TlsFactory : PkiApiFactory
    {
        private readonly X509Certificate2 serverCertificate = CreateServerCertificate();

        public TlsFactory()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate, https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (_, _, _) => true;
            })));
            StartServer();
            BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        public Uri BaseAddress { get; }

        public HttpClient TlsClient(X509Certificate2? clientCertificate)
        {
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == serverCertificate.GetCertHashString(),
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                    ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                },
            };
            return new HttpClient(handler) { BaseAddress = BaseAddress };
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            serverCertificate.Dispose();
        }

        private static X509Certificate2 CreateServerCertificate()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
