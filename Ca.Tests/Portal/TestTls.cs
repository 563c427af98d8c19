using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ca.Tests.Portal;

/// <summary>
/// A throw-away root and the HTTPS server certificate it signs (127.0.0.1 and localhost), so a browser
/// that trusts the root reaches the test server over real TLS without certificate errors.
/// </summary>
public sealed class TestTls : IDisposable
{
    public TestTls()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Portal Test TLS Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(7));
        RootPem = root.ExportCertificatePem();

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var issued = serverRequest.Create(root, now.AddHours(-1), now.AddDays(6), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(serverKey);

        // Through PKCS#12, so Kestrel gets a key it can use for the handshake on every platform.
        ServerCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The root, PEM, for the browser's trust store.</summary>
    public string RootPem { get; }

    public X509Certificate2 ServerCertificate { get; }

    public void Dispose() => ServerCertificate.Dispose();
}
