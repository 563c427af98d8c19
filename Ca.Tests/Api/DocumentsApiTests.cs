using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ca.Core.Audit;
using Ca.Core.Revocation;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>Signers, signing, the TSA and verification over the real HTTP pipeline; openssl judges what we produce.</summary>
public sealed class DocumentsApiTests : IClassFixture<DocumentsApiFactory>, IDisposable
{
    private static readonly byte[] ThaiDocument = Encoding.UTF8.GetBytes("หนังสือรับรองการจดทะเบียน\nกรมพัฒนาธุรกิจการค้า รับรองว่า บริษัท ตัวอย่าง จำกัด\r\nออกให้ ณ วันที่ ๑ มกราคม ๒๕๖๘\n");
    private readonly DocumentsApiFactory factory;
    private readonly OpenSslCli openssl = new();

    public DocumentsApiTests(DocumentsApiFactory factory) => this.factory = factory;

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task SignDocument_DetachedAndAttachedThaiText_OpenSslVerifiesAndExtractsSameBytes()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "กรมตัวอย่าง e-seal");
        openssl.Write("root.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("doc.txt", ThaiDocument);

        using var detached = await SignAsync(admin, signer.Id, ThaiDocument, detached: true, timestamp: true);
        Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
        Assert.Equal("application/pkcs7-signature", detached.Content.Headers.ContentType!.MediaType);
        openssl.Write("sig.der", await detached.Content.ReadAsByteArrayAsync());
        var verified = openssl.Run("cms", "-verify", "-binary", "-content", "doc.txt", "-inform", "DER", "-in", "sig.der", "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("Verification successful", verified.Output);
        var printed = openssl.Run("cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der").EnsureSuccess();
        Assert.Contains("id-smime-aa-timeStampToken", printed.StandardOutput);

        using var attached = await SignAsync(admin, signer.Id, ThaiDocument, detached: false, timestamp: false);
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal("application/pkcs7-mime", attached.Content.Headers.ContentType!.MediaType);
        openssl.Write("attached.der", await attached.Content.ReadAsByteArrayAsync());
        var extracted = openssl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", "attached.der", "-CAfile", "root.pem", "-purpose", "any", "-out", "extracted.txt");
        Assert.True(extracted.ExitCode == 0, extracted.ToString());
        Assert.Equal(ThaiDocument, openssl.Read("extracted.txt"));
        Assert.DoesNotContain("id-smime-aa-timeStampToken", openssl.Run("cms", "-cmsout", "-print", "-inform", "DER", "-in", "attached.der").EnsureSuccess().StandardOutput);
    }

    [Fact]
    public async Task SignDocument_MultipartUpload_SignsTheFileAndAuditsItsHash()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "multipart seal");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(ThaiDocument), "document", "letter.txt" } };

        using var response = await admin.PostAsync($"/api/v1/documents/sign?signerId={signer.Id}&timestamp=false", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await VerifyAsync(await response.Content.ReadAsByteArrayAsync(), ThaiDocument);
        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ThaiDocument));
        using var auditor = factory.ClientFor("documents-auditor", "auditor");
        var audit = await auditor.GetJsonAsync($"/api/v1/audit?action={AuditActions.DocumentSigned}&target={signer.Id}");
        var details = audit["items"]!.AsArray().Single()!["details"]!.ToString();
        Assert.Contains(sha256, details);
        Assert.Contains(ThaiDocument.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), details);
    }

    [Fact]
    public async Task Tsa_OpenSslQuery_ReplyVerifiesAgainstChain()
    {
        using var anonymous = factory.CreateClient();
        openssl.Write("doc.txt", ThaiDocument);
        openssl.Write("chain.pem", await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/chain"));
        openssl.Run("ts", "-query", "-data", "doc.txt", "-sha256", "-cert", "-out", "q.tsq").EnsureSuccess();

        using var content = new ByteArrayContent(openssl.Read("q.tsq"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await anonymous.PostAsync("/tsa", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType!.MediaType);
        openssl.Write("reply.tsr", await response.Content.ReadAsByteArrayAsync());
        var verified = openssl.Run("ts", "-verify", "-in", "reply.tsr", "-queryfile", "q.tsq", "-CAfile", "chain.pem");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("Verification: OK", verified.Output);
    }

    [Fact]
    public async Task Tsa_GarbageQuery_RejectionStatusWithHttp200()
    {
        using var anonymous = factory.CreateClient();
        using var content = new ByteArrayContent("not a time-stamp query"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");

        using var response = await anonymous.PostAsync("/tsa", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = new Org.BouncyCastle.Tsp.TimeStampResponse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)Org.BouncyCastle.Asn1.Cmp.PkiStatus.Rejection, reply.Status);
        Assert.Null(reply.TimeStampToken);
    }

    [Fact]
    public async Task Tsa_WrongContentType_415Problem()
    {
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PostAsync("/tsa", new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task VerifyDocument_OpenSslSignedWithIssuedPersonCertificate_PassedThenTamperedHashFailure()
    {
        using var requester = factory.ClientFor("somchai", "requester");
        openssl.Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-utf8", "-subj", "/CN=สมชาย ใจดี/C=TH", "-out", "req.csr").EnsureSuccess();
        var (pem, _, _) = await requester.IssueAsync(new { profile = "person", csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "req.csr")) });
        openssl.Write("cert.pem", pem);
        openssl.Write("doc.txt", ThaiDocument);
        openssl.Run("cms", "-sign", "-binary", "-in", "doc.txt", "-signer", "cert.pem", "-inkey", "key.pem", "-outform", "DER", "-out", "sig.der").EnsureSuccess();
        var signature = openssl.Read("sig.der");

        var report = await VerifyAsync(signature, ThaiDocument);
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        Assert.Contains("สมชาย ใจดี", report["signer"]!["subject"]!.GetValue<string>());
        Assert.Equal(3, report["chain"]!.AsArray().Count);
        Assert.NotNull(report["signingTime"]);
        Assert.Null(report["timestampTime"]);

        var tampered = (byte[])ThaiDocument.Clone();
        tampered[5] ^= 0x01;
        var failed = await VerifyAsync(signature, tampered);
        Assert.Equal("FAILED", failed["indication"]!.GetValue<string>());
        Assert.Equal("HASH_FAILURE", failed["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyDocument_SignerRevokedAfterTimeStamp_Passed()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "revoked-after seal");
        var signature = await SignBytesAsync(admin, signer.Id, ThaiDocument, timestamp: true);

        await RevokeAsync(signer.Serial, RevocationReason.Superseded);

        var report = await VerifyAsync(signature, ThaiDocument);
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        var genTime = report["timestampTime"]!.GetValue<DateTimeOffset>();
        Assert.Equal(genTime, report["validationTime"]!.GetValue<DateTimeOffset>());
        Assert.NotNull(report["timestampAuthority"]);
    }

    [Fact]
    public async Task VerifyDocument_SignerRevokedBeforeTimeStamp_FailedRevoked()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "revoked-before seal");
        var signature = await SignBytesAsync(admin, signer.Id, ThaiDocument, timestamp: true);

        // Revoked now, but the key is declared compromised since before the time-stamp's genTime: the
        // revocation takes effect at the invalidity date, so the signature is proven to come after it. The date
        // is taken from the time-stamp itself, not from the wall clock, however long a loaded machine took since.
        var genTime = (await VerifyAsync(signature, ThaiDocument))["timestampTime"]!.GetValue<DateTimeOffset>();
        await RevokeAsync(signer.Serial, RevocationReason.KeyCompromise, genTime.AddSeconds(-1));

        var report = await VerifyAsync(signature, ThaiDocument);
        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("REVOKED", report["subIndication"]!.GetValue<string>());
        Assert.NotNull(report["revocationTime"]);
    }

    [Fact]
    public async Task VerifyDocument_SignerRevokedNoTimeStamp_IndeterminateRevokedNoPoe()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "revoked-no-poe seal");
        var signature = await SignBytesAsync(admin, signer.Id, ThaiDocument, timestamp: false);

        await RevokeAsync(signer.Serial, RevocationReason.Superseded);

        var report = await VerifyAsync(signature, ThaiDocument);
        Assert.Equal("INDETERMINATE", report["indication"]!.GetValue<string>());
        Assert.Equal("REVOKED_NO_POE", report["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyDocument_TwoSignersSecondRevokedBeforeTimeStamp_BothReportedOverallFailed()
    {
        using var admin = factory.AdminClient();
        var first = await CreateSignerAsync(admin, "first officer seal");
        var second = await CreateSignerAsync(admin, "second officer seal");
        var signature = await SignBytesAsync(admin, first.Id, ThaiDocument, timestamp: true);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(ThaiDocument), "document", "doc.txt" },
            { new ByteArrayContent(signature), "signature", "sig.p7s" },
        };
        using var cosigned = await admin.PostAsync($"/api/v1/documents/sign?signerId={second.Id}", form);
        Assert.Equal(HttpStatusCode.OK, cosigned.StatusCode);
        Assert.Equal("application/pkcs7-signature", cosigned.Content.Headers.ContentType!.MediaType);
        var both = await cosigned.Content.ReadAsByteArrayAsync();

        var before = await VerifyAsync(both, ThaiDocument);
        Assert.True(before["indication"]!.GetValue<string>() == "PASSED", before.ToJsonString());
        Assert.Equal(2, before["signatures"]!.AsArray().Count);

        var secondGenTime = before["signatures"]!.AsArray()
            .Single(r => r!["signer"]!["serialNumber"]!.GetValue<string>() == second.Serial)!["timestampTime"]!.GetValue<DateTimeOffset>();
        await RevokeAsync(second.Serial, RevocationReason.KeyCompromise, secondGenTime.AddSeconds(-1));
        var report = await VerifyAsync(both, ThaiDocument);

        // SignerInfos is a DER SET OF, so the added signer may sort before the first: find each by serial.
        var signatures = report["signatures"]!.AsArray();
        Assert.Equal(2, signatures.Count);
        var valid = signatures.Single(r => r!["signer"]!["serialNumber"]!.GetValue<string>() == first.Serial)!;
        var revoked = signatures.Single(r => r!["signer"]!["serialNumber"]!.GetValue<string>() == second.Serial)!;
        Assert.True(valid["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        Assert.Equal("CAdES-BASELINE-T", valid["format"]!.GetValue<string>());
        Assert.Equal("FAILED", revoked["indication"]!.GetValue<string>());
        Assert.Equal("REVOKED", revoked["subIndication"]!.GetValue<string>());

        // The documented rule: the weakest signature decides, and the top level names it.
        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("REVOKED", report["subIndication"]!.GetValue<string>());
        Assert.Equal(revoked["signatureId"]!.GetValue<string>(), report["signatureId"]!.GetValue<string>());
        Assert.Equal(second.Serial, report["signer"]!["serialNumber"]!.GetValue<string>());
        Assert.Contains("1 of 2 signatures passed", report["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignDocument_RevokedSigner_409()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "revoked seal");
        await RevokeAsync(signer.Serial, RevocationReason.CessationOfOperation);

        using var response = await SignAsync(admin, signer.Id, ThaiDocument, detached: true, timestamp: false);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task VerifyCertificate_Cases_ExpectedIndications()
    {
        using var admin = factory.AdminClient();
        using var anonymous = factory.CreateClient();
        var signer = await CreateSignerAsync(admin, "certificate verify seal");

        var good = await VerifyCertificateAsync(anonymous, new { certificate = signer.Pem });
        Assert.True(good["indication"]!.GetValue<string>() == "PASSED", good.ToJsonString());
        var chain = good["chain"]!.AsArray();
        Assert.Equal(3, chain.Count);
        Assert.Equal(signer.Serial, chain[0]!["serialNumber"]!.GetValue<string>());
        Assert.Contains("Issuing CA", chain[1]!["subject"]!.GetValue<string>());
        Assert.Contains("Root CA", chain[2]!["subject"]!.GetValue<string>());

        var notAfter = signer.Body["certificate"]!["notAfter"]!.GetValue<DateTimeOffset>();
        var expired = await VerifyCertificateAsync(anonymous, new { certificate = signer.Pem, at = notAfter.AddDays(1) });
        Assert.Equal("FAILED", expired["indication"]!.GetValue<string>());
        Assert.Equal("EXPIRED", expired["subIndication"]!.GetValue<string>());

        var missingIntermediate = await VerifyCertificateAsync(anonymous, new { certificate = factory.Foreign.LeafPem });
        Assert.Equal("INDETERMINATE", missingIntermediate["indication"]!.GetValue<string>());
        Assert.Equal("NO_CERTIFICATE_CHAIN_FOUND", missingIntermediate["subIndication"]!.GetValue<string>());

        // Chains to the configured extra anchor, but nobody can say whether it is revoked (CRL fetching is off).
        var foreign = await VerifyCertificateAsync(anonymous, new { certificate = factory.Foreign.LeafPem, chain = new[] { factory.Foreign.IntermediatePem } });
        Assert.Equal("INDETERMINATE", foreign["indication"]!.GetValue<string>());
        Assert.Equal("TRY_LATER", foreign["subIndication"]!.GetValue<string>());
        Assert.Equal(3, foreign["chain"]!.AsArray().Count);

        var stranger = await VerifyCertificateAsync(anonymous, new { certificate = factory.Foreign.StrangerPem });
        Assert.Equal("INDETERMINATE", stranger["indication"]!.GetValue<string>());
        Assert.Equal("NO_CERTIFICATE_CHAIN_FOUND", stranger["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_PemBundle_Passed()
    {
        using var admin = factory.AdminClient();
        using var anonymous = factory.CreateClient();
        var signer = await CreateSignerAsync(admin, "pem bundle seal");
        var bundle = signer.Pem + await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/chain");

        using var response = await anonymous.PostAsync("/api/v1/certificates/verify", new StringContent(bundle, Encoding.ASCII, "application/x-pem-file"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_NotACertificate_400Problem()
    {
        using var anonymous = factory.CreateClient();
        var (response, body) = await anonymous.PostJsonAsync("/api/v1/certificates/verify", new { certificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-certificate", body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyDocument_GarbageSignature_FailedFormatFailure()
    {
        var report = await VerifyAsync("this is not a signature"u8.ToArray(), ThaiDocument);

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("FORMAT_FAILURE", report["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyDocument_DetachedWithoutDocument_IndeterminateSignedDataNotFound()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "no document seal");
        var signature = await SignBytesAsync(admin, signer.Id, ThaiDocument, timestamp: false);

        var report = await VerifyAsync(signature, null);

        Assert.Equal("INDETERMINATE", report["indication"]!.GetValue<string>());
        Assert.Equal("SIGNED_DATA_NOT_FOUND", report["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signers_Ownership_OwnerSignsOthersSeeNotFound()
    {
        using var admin = factory.AdminClient();
        var (ownerId, _) = factory.AccountFor("agency-clerk", "requester");
        using var owner = factory.ClientFor("agency-clerk", "requester");
        using var stranger = factory.ClientFor("someone-else", "requester");
        var signer = await CreateSignerAsync(admin, "clerk seal", ownerId);
        Assert.Equal(ownerId, signer.Body["owner"]!.GetValue<string>());
        Assert.Null(signer.Body["privateKey"]);

        Assert.Contains((await owner.GetJsonAsync("/api/v1/signers")).AsArray(), s => s!["id"]!.GetValue<string>() == signer.Id);
        Assert.DoesNotContain((await stranger.GetJsonAsync("/api/v1/signers")).AsArray(), s => s!["id"]!.GetValue<string>() == signer.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/signers/{signer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/signers/{signer.Id}")).StatusCode);

        using var signed = await SignAsync(owner, signer.Id, ThaiDocument, detached: true, timestamp: false);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        using var refused = await SignAsync(stranger, signer.Id, ThaiDocument, detached: true, timestamp: false);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var (notAdmin, _) = await owner.PostJsonAsync("/api/v1/signers", new { name = "mine", subject = new { CN = "x", O = "y", C = "TH" } });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    [Fact]
    public async Task SignDocument_BadInput_ProblemStatuses()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "bad input seal");

        using (var empty = await SignAsync(admin, signer.Id, [], detached: true, timestamp: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var oversized = await SignAsync(admin, signer.Id, new byte[DocumentsApiFactory.MaxDocumentBytes + 1], detached: true, timestamp: false))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
            Assert.Equal("application/problem+json", oversized.Content.Headers.ContentType!.MediaType);
        }

        using (var wrongType = await admin.PostAsync($"/api/v1/documents/sign?signerId={signer.Id}", new StringContent("hello", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        }

        using (var unknown = await SignAsync(admin, "documentsigner-00000000000000000000000", ThaiDocument, detached: true, timestamp: false))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var anonymous = factory.CreateClient();
        using var unauthenticated = await SignAsync(anonymous, signer.Id, ThaiDocument, detached: true, timestamp: false);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task CreateSigner_MissingRequiredSubjectAttribute_422()
    {
        using var admin = factory.AdminClient();
        var (response, body) = await admin.PostJsonAsync("/api/v1/signers", new { name = "no org", subject = new { CN = "seal" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("subject-attribute-required", body!["code"]!.GetValue<string>());
    }

    private sealed record Signer(string Id, string Serial, string Pem, JsonNode Body);

    private static async Task<Signer> CreateSignerAsync(HttpClient admin, string name, string? owner = null)
    {
        var (response, body) = await admin.PostJsonAsync("/api/v1/signers", new
        {
            name,
            subject = new Dictionary<string, string> { ["CN"] = "document-signing seal", ["O"] = "กรมตัวอย่าง", ["C"] = "TH" },
            owner,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.Problem());
        return new Signer(body!["id"]!.GetValue<string>(), body["certificate"]!["serialNumber"]!.GetValue<string>(), body["certificate"]!["pem"]!.GetValue<string>(), body);
    }

    private static Task<HttpResponseMessage> SignAsync(HttpClient client, string signerId, byte[] document, bool detached, bool timestamp)
    {
        var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PostAsync($"/api/v1/documents/sign?signerId={signerId}&detached={(detached ? "true" : "false")}&timestamp={(timestamp ? "true" : "false")}", content);
    }

    private static async Task<byte[]> SignBytesAsync(HttpClient client, string signerId, byte[] document, bool timestamp)
    {
        using var response = await SignAsync(client, signerId, document, detached: true, timestamp);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonNode> VerifyAsync(byte[] signature, byte[]? document)
    {
        using var anonymous = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(signature), "signature", "sig.p7s" } };
        if (document is not null)
        {
            form.Add(new ByteArrayContent(document), "document", "doc.txt");
        }

        using var response = await anonymous.PostAsync("/api/v1/documents/verify", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> VerifyCertificateAsync(HttpClient client, object body)
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificates/verify", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.Problem());
        return json!;
    }

    /// <summary>Revokes through the real endpoint (an officer), optionally with an earlier invalidity (compromise) date.</summary>
    private async Task RevokeAsync(string serial, RevocationReason reason, DateTimeOffset? invalidityDate = null)
    {
        using var officer = factory.ClientFor("documents-officer", "officer");
        var (response, body) = await officer.PostJsonAsync($"/api/v1/certificates/{serial}/revoke", new { reason = reason.ToWireName(), invalidityDate });
        Assert.True(response.IsSuccessStatusCode, body.Problem());
    }
}
