using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation.Online;

/// <summary>A foreign CA whose leaf names an OCSP responder on a local test server, and that responder's answer.</summary>
internal sealed class ForeignOcsp : IAsyncDisposable
{
    private ForeignOcsp(TinyHttpServer server, X509Certificate root, X509Certificate leaf)
    {
        Server = server;
        Root = root;
        Leaf = leaf;
    }

    public TinyHttpServer Server { get; }

    public X509Certificate Root { get; }

    public X509Certificate Leaf { get; }

    /// <summary>Starts a responder answering <paramref name="status"/> (null = good) for a fresh leaf, at <see cref="TestCertificateBuilder.ValidationTime"/>.</summary>
    public static ForeignOcsp Start(CertificateStatus? status)
    {
        var pki = new OcspResponseVerifierTests.Pki();
        var serialHolder = new Org.BouncyCastle.Math.BigInteger[1];

        // The leaf names the responder's URL, so the server starts first with the answer computed lazily.
        var server = new TinyHttpServer(() => TinyHttpResponses.Ocsp(OcspResponseVerifierTests.Respond(pki, pki.Issuer, status, serial: serialHolder[0])));
        var leaf = TestCertificateBuilder.Leaf("Foreign OCSP Leaf", pki.Issuer).OcspResponder(server.Url).Build();
        serialHolder[0] = leaf.Certificate.SerialNumber;
        return new ForeignOcsp(server, pki.Issuer, leaf);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
