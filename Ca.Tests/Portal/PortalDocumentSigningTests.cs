using System.Text.RegularExpressions;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Portal;

/// <summary>
/// E-seals from the portal end to end: an admin creates one with a mailbox, the business signs a PDF
/// inside the file twice, poppler's pdfsig (NSS) trusts both signatures, and the public verification
/// page lists both.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalDocumentSigningTests(PortalServer server)
{
    private static readonly string Letter = Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "thai-letter.pdf");

    [Fact]
    public async Task Admin_CreatesSealWithMailbox_RequesterSignsPdfTwice_PdfsigTrustsBoth_VerifyListsBoth()
    {
        var org = await server.OrganizationAsync("Seal Mailbox Co");
        var staff = await server.OrganizationAsync("CA Operations Seals", Roles.Admin);
        var admin = await server.PersonAsync(staff, "admin-seals", [Roles.Admin], totp: true);
        var requester = await server.PersonAsync(org, "req-seals", [Roles.Requester], totp: false);

        // 1. The admin names the seal's mailbox; the certificate carries it as an rfc822Name.
        var adminPage = await server.NewPageAsync();
        await PortalServer.SignInAsync(adminPage, admin);
        await adminPage.GotoAsync($"/admin/organizations/{org}");
        await adminPage.Locator("#SealName").FillAsync("Contracts seal");
        await adminPage.Locator("#SealCommonName").FillAsync("Seal Mailbox Co contracts");
        await adminPage.GetByLabel("The seal's e-mail address (optional)").FillAsync("contracts@seal-mailbox.example");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Create e-seal" }).ClickAsync();
        await adminPage.WaitForURLAsync(new Regex($"/admin/organizations/{org}$"));
        var seal = Assert.Single(await server.Api.Services.GetRequiredService<DocumentSignerService>().ListAsync(CallerContext.System("test"), default), s => s.Owner == org);
        var names = seal.Certificate.GetSubjectAlternativeNames();
        Assert.Contains(names, n => (int)n[0] == GeneralName.Rfc822Name && (string)n[1] == "contracts@seal-mailbox.example");

        // 2. The business signs the PDF inside the file, then signs the signed file again.
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, requester);
        await page.GotoAsync("/signers");
        var once = await SignPdfAsync(page, Letter);
        using var openssl = new OpenSslCli();
        var oncePath = Path.Combine(openssl.WorkingDirectory, "letter-once.pdf");
        await once.SaveAsAsync(oncePath);
        Assert.Equal("thai-letter-signed.pdf", once.SuggestedFilename);
        var twice = await SignPdfAsync(page, oncePath);
        var twicePath = Path.Combine(openssl.WorkingDirectory, "letter-twice.pdf");
        await twice.SaveAsAsync(twicePath);

        // A PDF is not XML: said next to the file field, nothing signed.
        await page.GetByLabel("Document", new() { Exact = true }).SetInputFilesAsync(Letter);
        await page.GetByLabel("Sign inside the XML document (XAdES)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and download" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Document-error")).ToContainTextAsync("This file is not an XML document");
        await PageChecks.AssertAccessibleAsync(page);

        // 3. pdfsig, with NSS trusting only our root: the seal is trusted (it has a mailbox), and both signatures of
        // the twice-signed file verify. (pdfsig 22.12 reports the same certificate's second appearance in one run as
        // "Unknown issue with Certificate", whatever signed it, so trust is judged on the once-signed file.)
        using var http = new HttpClient();
        openssl.Write("root.pem", await http.GetStringAsync($"{server.BaseUrl}/api/v1/cas/root-ca/certificate"));
        using var nss = NssDatabase.Trusting(Path.Combine(openssl.WorkingDirectory, "root.pem"));
        var pdfsigOnce = (await ToolRunner.RunAsync("pdfsig", openssl.WorkingDirectory, "-nssdir", nss.Spec, "-no-ocsp", "letter-once.pdf")).Output;
        Assert.True(pdfsigOnce.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal), pdfsigOnce);
        Assert.True(pdfsigOnce.Contains("Certificate Validation: Certificate is Trusted.", StringComparison.Ordinal), pdfsigOnce);
        var pdfsigTwice = (await ToolRunner.RunAsync("pdfsig", openssl.WorkingDirectory, "-nssdir", nss.Spec, "-nocert", "letter-twice.pdf")).Output;
        Assert.True(Regex.Count(pdfsigTwice, "Signature Validation: Signature is Valid.") == 2, pdfsigTwice);

        // 4. Anyone verifies the signed PDF alone: PASSED, and both signatures listed.
        var visitor = await server.NewPageAsync();
        await visitor.GotoAsync("/verify");
        await visitor.GetByLabel("Signature file, or a signed PDF or XML document").SetInputFilesAsync(twicePath);
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Verify the signature" }).ClickAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Status)).ToContainTextAsync("PASSED");
        var every = visitor.GetByRole(AriaRole.Table, new() { Name = "Every signature in this file (2)" });
        await Assertions.Expect(every.GetByRole(AriaRole.Row).Filter(new() { HasText = "Seal Mailbox Co contracts" })).ToHaveCountAsync(2);
        await Assertions.Expect(every).ToContainTextAsync("PAdES-BASELINE-T");
        await PageChecks.AssertAccessibleAsync(visitor);
        await PageChecks.ScreenshotAsync(visitor, "verify-pdf", "en");
    }

    private static async Task<IDownload> SignPdfAsync(IPage page, string path)
    {
        await page.GetByLabel("Document", new() { Exact = true }).SetInputFilesAsync(path);
        await page.GetByLabel("Sign inside the PDF (PAdES)").CheckAsync();
        return await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign and download" }).ClickAsync());
    }
}
