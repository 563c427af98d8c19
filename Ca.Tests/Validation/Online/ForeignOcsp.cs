using Org.BouncyCastle.Asn1.X509;
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

    /// <summary>Starts a responder answering <paramref name="status"/> (null = good) for a fresh leaf, at <see cref="TestPki.ValidationTime"/>.</summary>
    public static ForeignOcsp Start(CertificateStatus? status)
    {
        var pki = new OcspResponseVerifierTests.Pki();
        var serialHolder = new Org.BouncyCastle.Math.BigInteger[1];

        // The leaf names the responder's URL, so the server starts first with the answer computed lazily.
        var server = new TinyHttpServer(() => TinyHttpResponses.Ocsp(OcspResponseVerifierTests.Respond(pki, pki.Issuer, TestPki.RootKey.Private, status, serial: serialHolder[0])));
        var aia = new AuthorityInformationAccess(new AccessDescription(AccessDescription.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, server.Url)));
        var leaf = TestPki.Issue(
            new TestPki.CertSpec { Subject = "Foreign OCSP Leaf", PublicKey = TestPki.EndEntityKey.Public, IsCa = false, ExtraExtensions = [(X509Extensions.AuthorityInfoAccess.Id, false, aia)] },
            pki.Issuer,
            TestPki.RootKey.Private);
        serialHolder[0] = leaf.SerialNumber;
        return new ForeignOcsp(server, pki.Issuer, leaf);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
