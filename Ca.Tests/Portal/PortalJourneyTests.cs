using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Issuance;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;

namespace Ca.Tests.Portal;

/// <summary>
/// The portal's journeys in a real browser, each as a person would do it: requesters, officers with
/// password and authenticator code, anonymous verifiers in Thai. openssl judges what comes out.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalJourneyTests(PortalServer server)
{
    [Fact]
    public async Task Requester_UploadsOpensslCsr_SeesItPending()
    {
        var org = await server.OrganizationAsync("Journey One Co");
        var requester = await server.PersonAsync(org, "req-one", [Roles.Requester], totp: false);
        using var openssl = new OpenSslCli();
        var csr = MakeOrganizationCsr(openssl, "Journey One Co");
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, requester);

        await SubmitCsrAsync(page, csr);

        await Assertions.Expect(page.GetByText("Waiting for an officer").First).ToBeVisibleAsync();
        Assert.Matches("/requests/[0-9a-f-]{36}", page.Url);
    }

    [Fact]
    public async Task Officer_ApprovesWithPasswordAndTotp_RequesterDownloads_OpensslVerifyAccepts()
    {
        var org = await server.OrganizationAsync("Journey Two Co");
        var staff = await server.OrganizationAsync("CA Operations Two", Roles.Officer);
        var requester = await server.PersonAsync(org, "req-two", [Roles.Requester], totp: false);
        var officer = await server.PersonAsync(staff, "officer-two", [Roles.Officer], totp: true);
        using var openssl = new OpenSslCli();
        var csr = MakeOrganizationCsr(openssl, "Journey Two Co");
        var requesterPage = await server.NewPageAsync();
        await PortalServer.SignInAsync(requesterPage, requester);
        await SubmitCsrAsync(requesterPage, csr);
        var requestUrl = requesterPage.Url;

        var officerPage = await server.NewPageAsync();
        await PortalServer.SignInAsync(officerPage, officer);
        await officerPage.GotoAsync("/officer");
        await officerPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "Journey Two Co" }).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(officerPage.GetByText("The CSR as received")).ToBeVisibleAsync();
        await Assertions.Expect(officerPage.GetByText("EC P-256")).ToBeVisibleAsync();
        await officerPage.GetByRole(AriaRole.Button, new() { Name = "Approve and issue" }).ClickAsync();
        await Assertions.Expect(officerPage.GetByText("Issued", new() { Exact = true })).ToBeVisibleAsync();

        await requesterPage.GotoAsync(requestUrl);
        await requesterPage.GetByRole(AriaRole.Link, new() { Name = "Open the certificate" }).ClickAsync();
        var certificate = await DownloadAsync(requesterPage, "Certificate (PEM)", openssl, "cert.pem");
        var chain = await DownloadAsync(requesterPage, "Certificate and chain (PEM)", openssl, "chain.pem");
        var p7b = await DownloadAsync(requesterPage, "PKCS#7 bundle (.p7b)", openssl, "bundle.p7b");
        using var http = new HttpClient();
        openssl.Write("root.pem", await http.GetStringAsync($"{server.BaseUrl}/api/v1/cas/root-ca/certificate"));

        var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "chain.pem", "cert.pem");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("cert.pem: OK", verify.StandardOutput);
        var bundle = openssl.Run("pkcs7", "-inform", "DER", "-in", "bundle.p7b", "-print_certs", "-noout").EnsureSuccess();
        Assert.Equal(3, Regex.Matches(bundle.StandardOutput, "subject=").Count);
        Assert.True(certificate.Length > 0 && chain.Length > certificate.Length && p7b.Length > 0);
    }

    [Fact]
    public async Task Officer_OwnRequest_CannotApprove_IsToldWhy()
    {
        var staff = await server.OrganizationAsync("CA Operations Three", Roles.Officer);
        var officer = await server.PersonAsync(staff, "officer-three", [Roles.Officer, Roles.Requester], totp: true);
        using var openssl = new OpenSslCli();
        var csr = MakeOrganizationCsr(openssl, "CA Operations Three");
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, officer);
        await SubmitCsrAsync(page, csr);
        var requestId = page.Url.Split('/').Last().Split('?')[0];

        await page.GotoAsync($"/officer/requests/{requestId}");
        await Assertions.Expect(page.GetByText("You cannot decide this request.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and issue" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("another officer must decide it (four-eyes rule)");
        var stored = await server.Api.Services.GetRequiredService<IssuanceService>().FindRequestAsync(Guid.Parse(requestId), CallerContext.System("test"), default);
        Assert.Equal(RequestStatus.Pending, stored!.Status);
    }

    [Fact]
    public async Task Officer_RevokesForKeyCompromise_PublicStatusShowsRevoked_OpensslOcspAgrees()
    {
        var org = await server.OrganizationAsync("Journey Four Co");
        var staff = await server.OrganizationAsync("CA Operations Four", Roles.Officer);
        var officer = await server.PersonAsync(staff, "officer-four", [Roles.Officer], totp: true);
        using var openssl = new OpenSslCli();
        openssl.Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-subj", "/CN=device-4.example.co.th", "-addext", "subjectAltName=DNS:device-4.example.co.th", "-out", "req.csr").EnsureSuccess();
        var issued = await server.Api.Services.GetRequiredService<IssuanceService>().SubmitAsync(
            new IssuanceRequest { Profile = "tls-client", Csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "req.csr")) },
            new CallerContext(org, new HashSet<string> { Roles.Requester }), default);
        var serial = issued.Certificate!.SerialNumber;
        openssl.Write("cert.pem", Pem.Encode("CERTIFICATE", issued.Certificate.Der));

        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, officer);
        await page.GotoAsync($"/certificates/{serial}");
        await page.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Key compromised" });
        await page.GetByLabel("I understand").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("The certificate is revoked.")).ToBeVisibleAsync();

        var anonymous = await server.NewPageAsync();
        await anonymous.GotoAsync("/status");
        await anonymous.GetByLabel("Serial number").FillAsync(serial);
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "Check status" }).ClickAsync();
        await Assertions.Expect(anonymous.GetByText("REVOKED", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(anonymous.GetByText("Key compromised")).ToBeVisibleAsync();

        using var http = new HttpClient();
        openssl.Write("chain.pem", await http.GetStringAsync($"{server.BaseUrl}/api/v1/cas/issuing-ca/chain"));
        openssl.Write("issuing.pem", await http.GetStringAsync($"{server.BaseUrl}/api/v1/cas/issuing-ca/certificate"));
        var ocsp = openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "cert.pem", "-url", $"{server.BaseUrl}/ocsp", "-CAfile", "chain.pem");
        Assert.True(ocsp.ExitCode == 0, ocsp.ToString());
        Assert.Contains("cert.pem: revoked", ocsp.StandardOutput);
        Assert.Contains("Reason: keyCompromise", ocsp.StandardOutput);
    }

    [Fact]
    public async Task Anonymous_VerifiesCadesSignature_PassedInThai_TamperedDocument_FailedWithReason()
    {
        var org = await server.OrganizationAsync("Journey Five Co");
        var services = server.Api.Services;
        var admin = CallerContext.System("test");
        var signer = await services.GetRequiredService<DocumentSignerService>().CreateAsync(
            new CreateSignerRequest("Seal Five", new Dictionary<string, string> { ["CN"] = "ตราประทับ Journey Five", ["O"] = "Journey Five Co", ["C"] = "TH" }, null, org), admin, default);
        var document = "ใบแจ้งหนี้เลขที่ 5 / invoice no. 5"u8.ToArray();
        var signed = await services.GetRequiredService<DocumentSigningService>().SignAsync(new SignDocumentRequest(signer.Id, new MemoryStream(document)), admin, default);
        var folder = Directory.CreateTempSubdirectory("pki-portal-cades-").FullName;
        var signaturePath = Path.Combine(folder, "invoice.pdf.p7s");
        var documentPath = Path.Combine(folder, "invoice.pdf");
        var tamperedPath = Path.Combine(folder, "invoice-changed.pdf");
        await File.WriteAllBytesAsync(signaturePath, signed.Signature);
        await File.WriteAllBytesAsync(documentPath, document);
        await File.WriteAllBytesAsync(tamperedPath, [.. document, (byte)'!']);

        var page = await server.NewPageAsync("th");
        await page.GotoAsync("/verify");
        await page.GetByLabel("ไฟล์ลายมือชื่อ").SetInputFilesAsync(signaturePath);
        await page.GetByLabel("เอกสารที่ถูกลงนาม (กรณีลายมือชื่อแยกไฟล์)").SetInputFilesAsync(documentPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "ตรวจสอบลายมือชื่อ" }).ClickAsync();
        var verdict = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(verdict).ToContainTextAsync("ผ่าน");
        await Assertions.Expect(verdict).Not.ToContainTextAsync("ไม่ผ่าน");
        await Assertions.Expect(page.GetByText("พิสูจน์ได้ว่ามีอยู่เมื่อ")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("ตราประทับ Journey Five").First).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "verify-passed", "th");

        await page.GetByLabel("ไฟล์ลายมือชื่อ").SetInputFilesAsync(signaturePath);
        await page.GetByLabel("เอกสารที่ถูกลงนาม (กรณีลายมือชื่อแยกไฟล์)").SetInputFilesAsync(tamperedPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "ตรวจสอบลายมือชื่อ" }).ClickAsync();
        await Assertions.Expect(verdict).ToContainTextAsync("ไม่ผ่าน");
        await Assertions.Expect(verdict).ToContainTextAsync("เอกสารถูกแก้ไขหลังจากลงลายมือชื่อ");
        await Assertions.Expect(verdict).ToContainTextAsync("HashFailure");
        await PageChecks.ScreenshotAsync(page, "verify-failed", "th");

        // A time-stamp copied over from another signature proves nothing: ignored, and the reader is told why in Thai.
        var other = await services.GetRequiredService<DocumentSigningService>().SignAsync(new SignDocumentRequest(signer.Id, new MemoryStream(document)), admin, default);
        var borrowed = SignerInfo.GetInstance(SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(other.Signature)).Content).SignerInfos[0]).UnsignedAttrs;
        var swappedPath = Path.Combine(folder, "invoice-swapped-timestamp.pdf.p7s");
        await File.WriteAllBytesAsync(swappedPath, CmsMutator.Mutate(signed.Signature, info => CmsMutator.WithUnsigned(info, borrowed)));
        await VerifyInThaiAsync(page, swappedPath, documentPath);
        await Assertions.Expect(verdict).Not.ToContainTextAsync("ไม่ผ่าน");
        var warnings = page.GetByRole(AriaRole.Region, new() { Name = "ข้อควรทราบ" });
        await Assertions.Expect(warnings).ToContainTextAsync("การประทับเวลาในลายมือชื่อนี้สร้างไว้สำหรับลายมือชื่ออื่น จึงไม่นำมาใช้");
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "verify-warning", "th");
        var api = await VerifyThroughApiAsync(swappedPath, documentPath);
        Assert.Equal("timestamp-not-for-this-signature", Assert.Single(api["warningCodes"]!.AsArray())!.GetValue<string>());
        Assert.StartsWith("The signature time-stamp was ignored", api["warnings"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // A TSA revoked (key compromised) before it stamped cannot prove the time: the warning gives that cause.
        var tsaCertificate = (await VerifyThroughApiAsync(signaturePath, documentPath))["timestampAuthority"]!;
        var tsaSerial = tsaCertificate["serialNumber"]!.GetValue<string>();
        await services.GetRequiredService<RevocationService>().RevokeAsync(
            SerialNumber.TryParse(tsaSerial, out var tsa) ? tsa : throw new FormatException(tsaSerial), RevocationReason.KeyCompromise, tsaCertificate["notBefore"]!.GetValue<DateTimeOffset>(),
            new CallerContext("officer-journey-five", new HashSet<string> { Roles.Officer }), default);
        await VerifyInThaiAsync(page, signaturePath, documentPath);
        await Assertions.Expect(warnings).ToContainTextAsync("ไม่สามารถเชื่อถือใบรับรองของผู้ให้บริการประทับเวลาได้");
        await Assertions.Expect(warnings).ToContainTextAsync("ใบรับรองของผู้ให้บริการประทับเวลาถูกเพิกถอนก่อนเวลาที่ประทับไว้");
        Assert.Equal("timestamp-untrusted", Assert.Single((await VerifyThroughApiAsync(signaturePath, documentPath))["warningCodes"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Requester_CreatesAcmeCredential_CertbotRegistersWithIt_RevokesIt_AdminSeesIt()
    {
        var org = await server.OrganizationAsync("ACME Portal Co");
        var staff = await server.OrganizationAsync("CA Operations ACME", Roles.Admin);
        var requester = await server.PersonAsync(org, "req-acme", [Roles.Requester], totp: false);
        var admin = await server.PersonAsync(staff, "admin-acme", [Roles.Admin], totp: true);
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, requester);
        await page.GotoAsync("/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Automatic certificates (ACME)" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Create a credential for a new server" }).ClickAsync();

        var kid = (await page.Locator("#eab-kid").InnerTextAsync()).Trim();
        var hmac = (await page.Locator("#eab-hmac").InnerTextAsync()).Trim();
        var directory = $"{server.BaseUrl}/acme/directory";
        var certbotCommand = await page.Locator("#certbot-command").InnerTextAsync();
        Assert.Contains($"--server {directory}", certbotCommand, StringComparison.Ordinal);
        Assert.Contains($"--eab-kid {kid} --eab-hmac-key {hmac}", certbotCommand, StringComparison.Ordinal);
        Assert.Contains($"lego --server {directory} --eab --kid {kid} --hmac {hmac}", await page.Locator("#lego-command").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.ScreenshotAsync(page, "acme-created", "en");

        // certbot, as the business's server would run it, creates its ACME account with what the page showed.
        var folder = Directory.CreateTempSubdirectory("pki-portal-certbot-").FullName;
        var registered = await Ca.Tests.Acme.Support.CliTool.RunAsync("certbot",
            ["register", "--non-interactive", "--agree-tos", "-m", "ops@acme-portal.example", "--eab-kid", kid, "--eab-hmac-key", hmac, "--server", directory,
             "--config-dir", Path.Combine(folder, "config"), "--work-dir", Path.Combine(folder, "work"), "--logs-dir", Path.Combine(folder, "logs")],
            folder);
        Assert.True(registered.ExitCode == 0, registered.ToString());
        await page.GotoAsync("/acme-accounts");
        var account = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ops@acme-portal.example" });
        await Assertions.Expect(account).ToContainTextAsync("Active");
        await Assertions.Expect(Credential(page, kid)).ToContainTextAsync("Used");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Revoke credential {kid}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revoke this credential?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke it" }).ClickAsync();

        await Assertions.Expect(page.GetByText("The credential is revoked")).ToBeVisibleAsync();
        await Assertions.Expect(account).ToContainTextAsync("Revoked");
        var revoked = await server.Api.Services.GetRequiredService<Ca.Core.Audit.AuditService>().QueryAsync(
            new Ca.Core.Audit.AuditQuery { Action = Ca.Core.Acme.AcmeAuditActions.EabRevoked, Target = kid }, default);
        Assert.Equal(requester.Id, Assert.Single(revoked.Items).Event.Actor);

        var adminPage = await server.NewPageAsync();
        await PortalServer.SignInAsync(adminPage, admin);
        await adminPage.GotoAsync($"/admin/organizations/{org}");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "ACME accounts and credentials of this organization" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Paragraph).Filter(new() { HasText = "ACME Portal Co" }).First).ToBeVisibleAsync();
        await Assertions.Expect(Credential(adminPage, kid)).ToContainTextAsync("Revoked");
    }

    /// <summary>The credential's row in the table of credentials (the accounts table names the key id too).</summary>
    private static ILocator Credential(IPage page, string kid) =>
        page.Locator("table[aria-labelledby=credentials] tbody tr").Filter(new() { HasText = kid });

    private static async Task VerifyInThaiAsync(IPage page, string signaturePath, string documentPath)
    {
        await page.GetByLabel("ไฟล์ลายมือชื่อ").SetInputFilesAsync(signaturePath);
        await page.GetByLabel("เอกสารที่ถูกลงนาม (กรณีลายมือชื่อแยกไฟล์)").SetInputFilesAsync(documentPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "ตรวจสอบลายมือชื่อ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ผ่าน");
    }

    /// <summary>The same check through the REST API, whose report keeps the English sentences and adds the codes.</summary>
    private async Task<JsonNode> VerifyThroughApiAsync(string signaturePath, string documentPath)
    {
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(signaturePath)), "signature", "signature.p7s" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(documentPath)), "document", "document.pdf" },
        };
        using var response = await http.PostAsync($"{server.BaseUrl}/api/v1/documents/verify", form);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static string MakeOrganizationCsr(OpenSslCli openssl, string organization)
    {
        openssl.Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-utf8", "-subj", $"/C=TH/O={organization}/CN={organization}", "-out", "req.csr").EnsureSuccess();
        return Path.Combine(openssl.WorkingDirectory, "req.csr");
    }

    /// <summary>The wizard: choose the organization profile, upload the CSR file, send.</summary>
    internal static async Task SubmitCsrAsync(IPage page, string csrPath)
    {
        await page.GotoAsync("/requests/new");
        await page.GetByLabel("An organization").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("CSR file").SetInputFilesAsync(csrPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/requests/[0-9a-f-]{36}"));
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string link, OpenSslCli openssl, string name)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync());
        var path = Path.Combine(openssl.WorkingDirectory, name);
        await download.SaveAsAsync(path);
        return await File.ReadAllBytesAsync(path);
    }
}
