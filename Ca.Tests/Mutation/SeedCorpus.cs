using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Ca.Core.Common;
using Ca.Tests.Api;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Tsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Tests.Mutation;

/// <summary>A PKCS#10 request the service accepts as it is, the profile it was accepted under, and its key.</summary>
internal sealed record CsrSeed(string Name, byte[] Der, string Profile, TestSigner Signer);

/// <summary>A CMS signature the service verifies, the document of a detached one, and the signer's key when the tests hold it.</summary>
internal sealed record CmsSeed(string Name, byte[] Der, byte[]? Document, TestSigner? Signer);

/// <summary>A certificate chain (target first), with the key that signed each certificate when the tests hold it.</summary>
internal sealed record ChainSeed(string Name, IReadOnlyList<byte[]> Certificates, IReadOnlyList<TestSigner?> IssuerKeys);

/// <summary>A JSON request the service accepts as it is.</summary>
internal sealed record JsonSeed(string Name, string Method, string Path, string? ApiKey, JsonObject Body);

/// <summary>
/// Real inputs, made by the test PKI and the running service itself, that the campaigns mutate: CSRs made by
/// openssl (Thai names, IDN, IP and e-mail SANs; EC, RSA, Ed25519 keys) and by .NET and BouncyCastle; OCSP
/// requests made by openssl and BouncyCastle for certificates the service issued; time-stamp queries made by
/// openssl and BouncyCastle; CAdES signatures made by the service (with and without a time-stamp) and CMS
/// signatures made by openssl with keys the tests hold; the service's chain and a foreign one under a configured
/// anchor; and the JSON bodies of requests that change state. Each seed is checked to be accepted before it is
/// mutated, so the mutations start from inputs that reach the service's deepest code.
/// </summary>
internal sealed class SeedCorpus
{
    public required IReadOnlyList<CsrSeed> Csrs { get; init; }

    public required IReadOnlyList<byte[]> OcspRequests { get; init; }

    public required IReadOnlyList<byte[]> TimeStampQueries { get; init; }

    public required IReadOnlyList<CmsSeed> Signatures { get; init; }

    public required IReadOnlyList<ChainSeed> Chains { get; init; }

    public required IReadOnlyList<JsonSeed> JsonBodies { get; init; }

    public required byte[] Document { get; init; }

    /// <summary>Unsigned PDFs: a minimal one written byte by byte, and a Thai letter made by PDFsharp (object streams, embedded font).</summary>
    public required IReadOnlyList<(string Name, byte[] Bytes)> Pdfs { get; init; }

    /// <summary>The PDFs signed by the service: PAdES B-B, B-T, and B-T twice.</summary>
    public required IReadOnlyList<(string Name, byte[] Bytes)> SignedPdfs { get; init; }

    /// <summary>An unsigned e-Tax invoice.</summary>
    public required IReadOnlyList<(string Name, byte[] Bytes)> Xmls { get; init; }

    /// <summary>The invoice signed by the service: XAdES B-B and B-T.</summary>
    public required IReadOnlyList<(string Name, byte[] Bytes)> SignedXmls { get; init; }

    public required string SignerId { get; init; }

    public required string RequesterKey { get; init; }

    public required string OfficerKey { get; init; }

    /// <summary>Ids the endpoint sweep may destroy: an account, its key, certificates, a pending request, a CA.</summary>
    public required IReadOnlyDictionary<string, string[]> VictimIds { get; init; }

    /// <summary>Ids safe to read: the CAs, certificates and requests that exist.</summary>
    public required IReadOnlyDictionary<string, string[]> ReadableIds { get; init; }

    public static async Task<SeedCorpus> CreateAsync(MutationTarget target)
    {
        using var admin = target.Client(PkiApiFactory.AdminKey);
        var requesterKey = await CreateAccountAsync(admin, "mutation-requester", "requester");
        var officerKey = await CreateAccountAsync(admin, "mutation-officer", "officer");
        var victimAccount = await PostAsync(admin, "/api/v1/accounts", new JsonObject { ["name"] = "mutation-victim", ["roles"] = new JsonArray("requester") });
        var victimAccountId = victimAccount["id"]!.GetValue<string>();
        var victimKey = await PostAsync(admin, $"/api/v1/accounts/{victimAccountId}/keys", new JsonObject());
        using var requester = target.Client(requesterKey);

        using var openssl = new OpenSslCli();
        var csrs = new List<CsrSeed>
        {
            FromFiles("openssl EC P-256, Thai O/ST/L, IDN SAN", "tls-ec-p256.csr", "ec-p256.key", "tls-server"),
            FromFiles("openssl RSA-2048, Thai L/O, IP SAN", "tls-rsa-2048.csr", "rsa-2048.key", "tls-server"),
            FromFiles("openssl Ed25519, Thai person name, e-mail SAN", "person-ed25519.csr", "ed25519.key", "person"),
            FromFiles("openssl P-384, Thai person name, emailAddress", "person-ec-p384.csr", "ec-p384.key", "person"),
            DotNetCsr(),
            BouncyCastleCsr(),
        };
        var issued = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seed in csrs)
        {
            var answer = await PostAsync(requester, "/api/v1/certificate-requests", new JsonObject { ["profile"] = seed.Profile, ["csr"] = Pem.Encode("CERTIFICATE REQUEST", seed.Der) });
            if (answer["certificate"]?["pem"]?.GetValue<string>() is { } pem)
            {
                issued[seed.Name] = pem;
            }
        }

        var leafEc = issued[csrs[0].Name];
        var leafRsa = issued[csrs[1].Name];
        var personP384 = issued[csrs[3].Name];
        var personEd = issued[csrs[2].Name];
        var issuing = await admin.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        var root = await admin.GetStringAsync("/api/v1/cas/root-ca/certificate");
        openssl.Write("leaf-ec.pem", leafEc);
        openssl.Write("leaf-rsa.pem", leafRsa);
        openssl.Write("person-p384.pem", personP384);
        openssl.Write("issuing.pem", issuing);
        openssl.Write("p384.key", Seed("ec-p384.key"));

        // Certificates the sweep may revoke, and a request an officer may decide.
        var victimSerials = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var victim = await PostAsync(requester, "/api/v1/certificate-requests", new JsonObject { ["profile"] = "tls-client", ["csr"] = TestCsr.EcdsaP256($"CN=mutation-victim-{i}") });
            victimSerials.Add(victim["certificate"]!["serialNumber"]!.GetValue<string>());
        }

        var pending = await PostAsync(requester, "/api/v1/certificate-requests", new JsonObject
        {
            ["profile"] = "organization",
            ["csr"] = CraftedCsr.Signed(CraftedCsr.EcKey(), "SHA256WITHECDSA", "C=TH,O=บริษัท รอพิจารณา จำกัด,CN=บริษัท รอพิจารณา จำกัด", attributes: new DerSet()),
        });
        var pendingId = pending["id"]!.GetValue<string>();

        var document = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("สัญญาเช่าฉบับนี้ทำขึ้นที่กรุงเทพมหานคร ระหว่างผู้ให้เช่าและผู้เช่า. ", 30)));
        openssl.Write("doc.txt", document);
        var signer = await PostAsync(admin, "/api/v1/signers", new JsonObject
        {
            ["name"] = "ตราประทับทดสอบ",
            ["subject"] = new JsonObject { ["CN"] = "ตราประทับอิเล็กทรอนิกส์ ทดสอบ", ["O"] = "กรมตัวอย่าง", ["C"] = "TH" },
        });
        var signerId = signer["id"]!.GetValue<string>();
        var cadesBt = await SignAsync(admin, signerId, document, detached: true, timestamp: true);
        var cadesBb = await SignAsync(admin, signerId, document, detached: false, timestamp: false);
        openssl.Run("cms", "-sign", "-binary", "-in", "doc.txt", "-signer", "person-p384.pem", "-inkey", "p384.key", "-md", "sha384", "-certfile", "issuing.pem", "-outform", "DER", "-out", "p384.p7s").EnsureSuccess();
        openssl.Run("cms", "-sign", "-binary", "-nodetach", "-in", "doc.txt", "-signer", "person-p384.pem", "-inkey", "p384.key", "-md", "sha384", "-outform", "DER", "-out", "p384.p7m").EnsureSuccess();
        var signatures = new List<CmsSeed>
        {
            new("service CAdES B-T, detached", cadesBt, document, null),
            new("service CAdES B-B, attached", cadesBb, null, null),
            new("openssl CMS, P-384 person, detached", openssl.Read("p384.p7s"), document, new TestSigner(TestSigner.FromPem(Seed("ec-p384.key")).Key, "SHA384WITHECDSA")),
            new("openssl CMS, P-384 person, attached, no certificates but the signer's", openssl.Read("p384.p7m"), null, new TestSigner(TestSigner.FromPem(Seed("ec-p384.key")).Key, "SHA384WITHECDSA")),
        };

        var minimalPdf = Ca.Tests.Support.Documents.TestPdfs.Minimal("สัญญา mutation seed");
        var letter = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "thai-letter.pdf"));
        var invoice = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "etax-invoice.xml"));
        var minimalBt = await SignAsync(admin, signerId, minimalPdf, "application/pdf", "&level=B-T");
        var signedPdfs = new List<(string, byte[])>
        {
            ("minimal PDF, PAdES B-B", await SignAsync(admin, signerId, minimalPdf, "application/pdf", "&timestamp=false")),
            ("minimal PDF, PAdES B-T", minimalBt),
            ("minimal PDF, PAdES B-T signed twice", await SignAsync(admin, signerId, minimalBt, "application/pdf", "&level=B-T")),
            ("Thai letter, PAdES B-T", await SignAsync(admin, signerId, letter, "application/pdf", "&level=B-T")),
        };
        var signedXmls = new List<(string, byte[])>
        {
            ("e-Tax invoice, XAdES B-B", await SignAsync(admin, signerId, invoice, "application/xml", "&timestamp=false")),
            ("e-Tax invoice, XAdES B-T", await SignAsync(admin, signerId, invoice, "application/xml", string.Empty)),
        };

        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf-ec.pem", "-reqout", "nonce.ocsp").EnsureSuccess();
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-sha256", "-cert", "leaf-rsa.pem", "-no_nonce", "-reqout", "plain.ocsp").EnsureSuccess();
        var issuingCertificate = new BcCertificate(Pem.TryDecode(issuing, "CERTIFICATE")!);
        var ocsp = new List<byte[]>
        {
            openssl.Read("nonce.ocsp"),
            openssl.Read("plain.ocsp"),
            OcspRequest(issuingCertificate, [Certificate(leafEc), Certificate(personP384), Certificate(personEd)]),
        };

        openssl.Run("ts", "-query", "-data", "doc.txt", "-sha256", "-cert", "-out", "sha256.tsq").EnsureSuccess();
        openssl.Run("ts", "-query", "-data", "doc.txt", "-sha512", "-no_nonce", "-out", "sha512.tsq").EnsureSuccess();
        var tsq = new TimeStampRequestGenerator();
        tsq.SetCertReq(true);
        tsq.SetReqPolicy(new DerObjectIdentifier("1.3.6.1.4.1.32473.1.2.1"));
        var queries = new List<byte[]>
        {
            openssl.Read("sha256.tsq"),
            openssl.Read("sha512.tsq"),
            tsq.Generate(Org.BouncyCastle.Tsp.TspAlgorithms.Sha384, SHA384.HashData(document), Org.BouncyCastle.Math.BigInteger.ValueOf(20_251_130)).GetEncoded(),
        };

        var foreign = target.Foreign;
        var foreignDirectory = Path.GetDirectoryName(foreign.RootPath)!;
        var chains = new List<ChainSeed>
        {
            new("service leaf, issuing CA, root", [Der(leafEc), Der(issuing), Der(root)], [null, null, null]),
            new("service person certificate alone", [Der(personP384)], [null]),
            new("foreign leaf and intermediate under a configured anchor", [Der(foreign.LeafPem), Der(foreign.IntermediatePem)],
                [TestSigner.FromPem(File.ReadAllText(Path.Combine(foreignDirectory, "fint.key"))), TestSigner.FromPem(File.ReadAllText(Path.Combine(foreignDirectory, "froot.key")))]),
        };

        var json = new List<JsonSeed>
        {
            new("certificate request with a CSR", "POST", "/api/v1/certificate-requests", requesterKey, new JsonObject
            {
                ["profile"] = "tls-server", ["csr"] = Pem.Encode("CERTIFICATE REQUEST", csrs[0].Der), ["validityDays"] = 90,
                ["sans"] = new JsonArray("www.example.co.th", "xn--12cfi8ixb8l.xn--o3cw4h"),
                ["subject"] = new JsonObject { ["CN"] = "www.example.co.th", ["O"] = "บริษัท ตัวอย่าง จำกัด", ["L"] = "บางรัก", ["C"] = "TH" },
            }),
            new("certificate request, key generated", "POST", "/api/v1/certificate-requests", requesterKey, new JsonObject
            {
                ["profile"] = "tls-client", ["keyAlgorithm"] = "ECDSA-P256", ["pkcs12Password"] = "change me please",
                ["subject"] = new JsonObject { ["CN"] = "kiosk-17", ["O"] = "กรมตัวอย่าง", ["C"] = "TH" },
            }),
            new("revocation", "POST", $"/api/v1/certificates/{victimSerials[0]}/revoke", PkiApiFactory.AdminKey, new JsonObject
            {
                ["reason"] = "superseded", ["invalidityDate"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
            }),
            new("CA revocation", "POST", "/api/v1/cas/victim-ca/revoke", PkiApiFactory.AdminKey, new JsonObject { ["reason"] = "keyCompromise" }),
            new("account", "POST", "/api/v1/accounts", PkiApiFactory.AdminKey, new JsonObject { ["name"] = "บริษัท ทดสอบ จำกัด", ["roles"] = new JsonArray("requester", "auditor") }),
            new("API key", "POST", $"/api/v1/accounts/{victimAccountId}/keys", PkiApiFactory.AdminKey, new JsonObject { ["expiresAt"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O") }),
            new("e-seal", "POST", "/api/v1/signers", PkiApiFactory.AdminKey, new JsonObject
            {
                ["name"] = "ตราประทับ", ["keyAlgorithm"] = "ECDSA-P256", ["validityDays"] = 30,
                ["subject"] = new JsonObject { ["CN"] = "ตราประทับ ทดสอบ", ["O"] = "กรมตัวอย่าง", ["C"] = "TH" },
            }),
            new("rejection", "POST", $"/api/v1/certificate-requests/{pendingId}/reject", officerKey, new JsonObject { ["reason"] = "เอกสารไม่ครบ" }),
            new("certificate verification", "POST", "/api/v1/certificates/verify", null, new JsonObject
            {
                ["certificate"] = leafEc, ["chain"] = new JsonArray(issuing), ["at"] = DateTimeOffset.UtcNow.ToString("O"),
            }),
        };

        var serials = issued.Values.Select(pem => SerialNumber.From(Certificate(pem).SerialNumber).Hex).ToArray();
        return new SeedCorpus
        {
            Csrs = csrs,
            OcspRequests = ocsp,
            TimeStampQueries = queries,
            Signatures = signatures,
            Chains = chains,
            JsonBodies = json,
            Document = document,
            Pdfs = [("minimal PDF", minimalPdf), ("Thai letter PDF", letter)],
            SignedPdfs = signedPdfs,
            Xmls = [("e-Tax invoice", invoice)],
            SignedXmls = signedXmls,
            SignerId = signerId,
            RequesterKey = requesterKey,
            OfficerKey = officerKey,
            VictimIds = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["caId"] = ["victim-ca"],
                ["serial"] = [.. victimSerials],
                ["id"] = [victimAccountId, pendingId],
                ["keyId"] = [victimKey["id"]!.GetValue<string>()],
                ["file"] = ["victim-ca.crl", "victim-ca.crt"],
            },
            ReadableIds = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["caId"] = ["issuing-ca", "root-ca", "victim-ca"],
                ["serial"] = serials,
                ["id"] = [victimAccountId, pendingId, signerId],
                ["keyId"] = [victimKey["id"]!.GetValue<string>()],
                ["file"] = ["issuing-ca.crl", "issuing-ca-delta.crl", "root-ca.crl", "issuing-ca.crt", "root-ca.crt"],
                ["request"] = [Uri.EscapeDataString(Convert.ToBase64String(ocsp[1]))],
                ["signerId"] = [signerId],
                ["profile"] = ["tls-server", "person", "document-signing"],
                ["status"] = ["pending", "issued", "revoked"],
            },
        };
    }

    private static CsrSeed FromFiles(string name, string csr, string key, string profile) =>
        new(name, Pem.TryDecode(Seed(csr), "CERTIFICATE REQUEST")!, profile, TestSigner.FromPem(Seed(key)));

    private static CsrSeed DotNetCsr()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=เครื่องลูกข่าย 17, O=กรมตัวอย่าง, C=TH", key, HashAlgorithmName.SHA256);
        return new(".NET EC P-256 tls-client, Thai CN", request.CreateSigningRequest(), "tls-client", TestSigner.FromPem(key.ExportPkcs8PrivateKeyPem()));
    }

    private static CsrSeed BouncyCastleCsr()
    {
        var key = CraftedCsr.EcKey();
        var pem = CraftedCsr.Signed(key, "SHA256WITHECDSA", "C=TH,O=สหกรณ์ออมทรัพย์ ทดสอบ,CN=sign.example.co.th", attributes: CraftedCsr.SanAttributes("sign.example.co.th"));
        return new("BouncyCastle EC P-256 tls-client", Pem.TryDecode(pem, "CERTIFICATE REQUEST")!, "tls-client", new TestSigner(key.Private, "SHA256WITHECDSA"));
    }

    private static byte[] OcspRequest(BcCertificate issuer, IEnumerable<BcCertificate> leaves)
    {
        var generator = new OcspReqGenerator();
        foreach (var leaf in leaves)
        {
            generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, leaf.SerialNumber));
        }

        var nonce = new X509ExtensionsGenerator();
        nonce.AddExtension(Org.BouncyCastle.Asn1.Ocsp.OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(new byte[16]));
        generator.SetRequestExtensions(nonce.Generate());
        return generator.Generate().GetEncoded();
    }

    private static string Seed(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "mutation", file));

    private static BcCertificate Certificate(string pem) => new(Der(pem));

    private static byte[] Der(string pem) => Pem.TryDecode(pem, "CERTIFICATE") ?? throw new InvalidOperationException("not a PEM certificate");

    private static async Task<string> CreateAccountAsync(HttpClient admin, string name, string role)
    {
        var account = await PostAsync(admin, "/api/v1/accounts", new JsonObject { ["name"] = name, ["roles"] = new JsonArray(role) });
        var key = await PostAsync(admin, $"/api/v1/accounts/{account["id"]!.GetValue<string>()}/keys", new JsonObject());
        return key["key"]!.GetValue<string>();
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, JsonObject body)
    {
        using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"seed {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<byte[]> SignAsync(HttpClient client, string signerId, byte[] document, string type, string query)
    {
        var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var response = await client.PostAsync($"/api/v1/documents/sign?signerId={signerId}{query}", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"signing the seed {type} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<byte[]> SignAsync(HttpClient client, string signerId, byte[] document, bool detached, bool timestamp)
    {
        var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"/api/v1/documents/sign?signerId={signerId}&detached={detached}&timestamp={timestamp}", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"signing the seed document answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }
}
