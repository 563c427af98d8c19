using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// One service for the document API tests: person certificates auto-approved (so openssl-made CSRs are
/// issued at once), a 1 MB document limit (so 413 is cheap to provoke), and a foreign root written
/// beforehand and configured as an extra trust anchor, with a foreign intermediate and leaf beside it.
/// </summary>
public sealed class DocumentsApiFactory : PkiApiFactory
{
    public const long MaxDocumentBytes = 1024 * 1024;

    public DocumentsApiFactory()
        : this(ForeignPki.Create())
    {
    }

    private DocumentsApiFactory(ForeignPki foreign)
        : base(new Dictionary<string, string?>
        {
            ["Pki:Profiles:person:RequiresApproval"] = "false",
            ["Pki:Documents:MaxBytes"] = MaxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pki:Validation:ExtraTrustAnchors:0"] = foreign.RootPath,
        })
    {
        Foreign = foreign;
    }

    public ForeignPki Foreign { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Foreign.Dispose();
        }
    }
}

/// <summary>A small hierarchy made by openssl alone: root → intermediate → leaf, plus an unrelated self-signed certificate.</summary>
public sealed class ForeignPki : IDisposable
{
    private readonly OpenSslCli openssl = new();

    private ForeignPki()
    {
    }

    public string RootPath => Path.Combine(openssl.WorkingDirectory, "froot.pem");

    public string IntermediatePem => File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "fint.pem"));

    public string LeafPem => File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "fleaf.pem"));

    public string StrangerPem => File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "stranger.pem"));

    public static ForeignPki Create()
    {
        var pki = new ForeignPki();
        var o = pki.openssl;
        o.Write("ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        o.Write("leaf.ext", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:http://127.0.0.1:9/foreign.crl\n");
        string[] ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
        o.Run(["req", "-x509", .. ec, "-keyout", "froot.key", "-out", "froot.pem", "-subj", "/CN=Foreign Root/O=Elsewhere", "-days", "30",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]).EnsureSuccess();
        o.Run(["req", .. ec, "-keyout", "fint.key", "-out", "fint.csr", "-subj", "/CN=Foreign Intermediate/O=Elsewhere"]).EnsureSuccess();
        o.Run("x509", "-req", "-in", "fint.csr", "-CA", "froot.pem", "-CAkey", "froot.key", "-set_serial", "4097", "-days", "20", "-extfile", "ca.ext", "-out", "fint.pem").EnsureSuccess();
        o.Run(["req", .. ec, "-keyout", "fleaf.key", "-out", "fleaf.csr", "-subj", "/CN=Foreign Leaf/O=Elsewhere"]).EnsureSuccess();
        o.Run("x509", "-req", "-in", "fleaf.csr", "-CA", "fint.pem", "-CAkey", "fint.key", "-set_serial", "4098", "-days", "10", "-extfile", "leaf.ext", "-out", "fleaf.pem").EnsureSuccess();
        o.Run(["req", "-x509", .. ec, "-keyout", "stranger.key", "-out", "stranger.pem", "-subj", "/CN=Stranger", "-days", "10"]).EnsureSuccess();
        return pki;
    }

    public void Dispose() => openssl.Dispose();
}
