using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.People;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ca.Tests.Portal;

/// <summary>
/// Signing in with a TLS client certificate issued here: who may link a certificate to whom, and the
/// whole journey in a real Chromium that presents the certificate in a real TLS handshake.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalCertificateSignInTests(PortalServer server)
{
    private const string FilePassword = "a file password of my own";

    [Fact]
    public async Task LinkCertificate_OwnRequestOnly_SameOrganization_OnePerson_AuditedAndRevocable()
    {
        var services = server.Api.Services;
        var org = await server.OrganizationAsync("Link Rules Co");
        var other = await server.OrganizationAsync("Link Rules Other Co");
        var alice = await server.PersonAsync(org, "link-alice", [Roles.Requester], totp: false);
        var bob = await server.PersonAsync(org, "link-bob", [Roles.Requester], totp: false);
        var stranger = await server.PersonAsync(other, "link-stranger", [Roles.Requester], totp: false);
        var links = services.GetRequiredService<PersonCertificateService>();
        var admin = CallerContext.System("test");
        var issued = (await IssueClientCertificateAsync(alice, "Alice Laptop")).Certificate!;
        var (issuer, serial) = (issued.IssuerId, issued.SerialNumber);

        Assert.Equal("certificate-not-requested-by-you", (await Assert.ThrowsAsync<CaException>(() => links.LinkAsync(bob.Id, issuer, serial, Caller(bob), default))).Code);
        Assert.Equal("admin-only", (await Assert.ThrowsAsync<CaException>(() => links.LinkAsync(bob.Id, issuer, serial, Caller(alice), default))).Code);
        Assert.Equal("certificate-other-organization", (await Assert.ThrowsAsync<CaException>(() => links.LinkAsync(stranger.Id, issuer, serial, admin, default))).Code);
        Assert.Equal(CertificateSignInFailure.NotLinked, (await links.SignInAsync(issued.Der, default)).Failure);

        await links.LinkAsync(alice.Id, issuer, serial, Caller(alice), default);

        Assert.Equal("certificate-already-linked", (await Assert.ThrowsAsync<CaException>(() => links.LinkAsync(bob.Id, issuer, serial, admin, default))).Code);
        Assert.Equal(alice.Id, (await links.SignInAsync(issued.Der, default)).PersonId);
        Assert.True(await links.StillSignsInAsync(alice.Id, issuer, serial, default));
        var linked = await services.GetRequiredService<AuditService>().QueryAsync(new AuditQuery { Action = AuditActions.PersonCertificateLinked, Target = alice.Id }, default);
        Assert.Equal(alice.Id, Assert.Single(linked.Items).Event.Actor);
        Assert.Contains(serial, linked.Items[0].Event.Details);

        await services.GetRequiredService<RevocationService>().RevokeAsync(Serial(serial), RevocationReason.Superseded, null, Caller(alice), default);

        Assert.Equal(CertificateSignInFailure.Rejected, (await links.SignInAsync(issued.Der, default)).Failure);
        Assert.False(await links.StillSignsInAsync(alice.Id, issuer, serial, default));
        await links.UnlinkAsync(alice.Id, issuer, serial, Caller(alice), default);
        Assert.Null(await links.FindLinkAsync(issuer, serial, default));
        var unlinked = await services.GetRequiredService<AuditService>().QueryAsync(new AuditQuery { Action = AuditActions.PersonCertificateUnlinked, Target = alice.Id }, default);
        Assert.Equal(1, unlinked.Total);
    }

    [Fact]
    public async Task Person_GeneratesKeyAndLinksIt_ChromiumPresentsItOverTls_SignsIn_OfficerStillGivesCode_RevocationEndsSession()
    {
        var services = server.Api.Services;
        var org = await server.OrganizationAsync("Certificate Sign-in Co");
        var staff = await server.OrganizationAsync("CA Operations Certificates", Roles.Officer);
        var requester = await server.PersonAsync(org, "cert-somchai", [Roles.Requester], totp: false);
        var officer = await server.PersonAsync(staff, "cert-officer", [Roles.Officer], totp: true);
        var admin = await server.PersonAsync(staff, "cert-admin", [Roles.Admin], totp: true);
        var leaving = await server.PersonAsync(staff, "cert-leaving", [Roles.Officer], totp: false);
        var audit = services.GetRequiredService<AuditService>();

        // 1. Over HTTP with a password: the wizard generates a tls-client key; choosing that hides the CSR part.
        var page = await server.NewPageAsync();
        await PortalServer.SignInAsync(page, requester);
        await page.GotoAsync("/requests/new?profile=tls-client");
        await Assertions.Expect(page.GetByLabel("CSR file")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Password for the PKCS#12 file")).ToBeHiddenAsync();
        await page.GetByLabel("Generate the key for me").CheckAsync();
        await Assertions.Expect(page.GetByLabel("CSR file")).ToBeHiddenAsync();
        await page.GetByLabel("Common name (CN)").FillAsync("Somchai Laptop");
        await page.GetByLabel("Password for the PKCS#12 file").FillAsync(FilePassword);
        await page.GetByLabel("Type the file password again").FillAsync(FilePassword);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync());
        using var openssl = new OpenSslCli();
        var pkcs12Path = Path.Combine(openssl.WorkingDirectory, "somchai.p12");
        await download.SaveAsAsync(pkcs12Path);
        var opened = openssl.Run("pkcs12", "-in", "somchai.p12", "-passin", "pass:" + FilePassword, "-nokeys", "-clcerts");
        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Contains("CN=Somchai Laptop", opened.StandardOutput.Replace(" = ", "=", StringComparison.Ordinal));

        // 2. Its page links it to her.
        await page.GotoAsync("/dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "CN=Somchai Laptop" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this certificate to sign me in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The certificate is linked to you")).ToBeVisibleAsync();
        var serial = new Uri(page.Url).AbsolutePath.Split('/').Last();

        // 3. An admin links the officer's certificate by serial, and removes a person only after confirming.
        var officerCertificate = await IssueClientCertificateAsync(officer, "Officer Smart Card");
        var adminPage = await server.NewPageAsync();
        await PortalServer.SignInAsync(adminPage, admin);
        await adminPage.GotoAsync($"/admin/people/{officer.Id}");
        await adminPage.GetByLabel("Serial number").FillAsync(officerCertificate.Certificate!.SerialNumber);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Link the certificate" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByText("The certificate now signs this person in.")).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Link, new() { Name = "CN=Officer Smart Card" })).ToBeVisibleAsync();
        await adminPage.GotoAsync($"/admin/people/{leaving.Id}");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Remove this person…" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Remove cert-leaving Tester?" })).ToBeVisibleAsync();
        Assert.Null((await services.GetRequiredService<IPersonStore>().FindAsync(leaving.Id, default))!.DeletedAt);
        await PageChecks.AssertAccessibleAsync(adminPage);
        await PageChecks.ScreenshotAsync(adminPage, "admin-person-remove", "en");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Yes, remove this person" }).ClickAsync();
        await adminPage.WaitForURLAsync(new Regex("/admin/organizations/"));
        Assert.NotNull((await services.GetRequiredService<IPersonStore>().FindAsync(leaving.Id, default))!.DeletedAt);

        // 4. A Chromium that holds both keys: each origin presents its person's certificate in the TLS handshake.
        var mineOrigin = $"https://127.0.0.1:{server.Api.HttpsPort}";
        var theirOrigin = $"https://localhost:{server.Api.HttpsPort}";
        await using var browser = await CertificateBrowser.LaunchAsync(
            server.Playwright,
            server.Tls.RootPem,
            [(await File.ReadAllBytesAsync(pkcs12Path), FilePassword), (officerCertificate.Pkcs12!, FilePassword)],
            new Dictionary<string, string> { [mineOrigin] = "Somchai Laptop", [theirOrigin] = "Officer Smart Card" });
        var mine = await browser.NewPageAsync();
        await mine.GotoAsync($"{mineOrigin}/signin");
        await Assertions.Expect(mine.GetByText("CN=Somchai Laptop")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(mine);
        await PageChecks.ScreenshotAsync(mine, "signin-certificate", "en");
        await mine.GetByRole(AriaRole.Button, new() { Name = "Sign in with this certificate" }).ClickAsync();
        await mine.WaitForURLAsync(new Regex("/dashboard$"));
        await Assertions.Expect(mine.GetByText("Signed in as cert-somchai")).ToBeVisibleAsync();
        var signedIn = await audit.QueryAsync(new AuditQuery { Action = AuditActions.SignedIn, Target = requester.Id }, default);
        Assert.Contains(signedIn.Items, r => JsonNode.Parse(r.Event.Details!)!["method"]!.GetValue<string>() == "certificate" && r.Event.Details!.Contains(serial, StringComparison.Ordinal));

        // 5. The officer's certificate takes the password's place, not the authenticator's.
        var theirs = await browser.NewPageAsync();
        await theirs.GotoAsync($"{theirOrigin}/signin");
        await theirs.GetByRole(AriaRole.Button, new() { Name = "Sign in with this certificate" }).ClickAsync();
        await theirs.WaitForURLAsync(new Regex("/signin/code"));
        await theirs.GetByLabel("Six-digit code").FillAsync(PortalServer.Totp(officer.TotpKey!));
        await theirs.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await theirs.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        Assert.Equal(200, (await theirs.GotoAsync($"{theirOrigin}/officer"))!.Status);
        var officerSignIn = await audit.QueryAsync(new AuditQuery { Action = AuditActions.SignedIn, Target = officer.Id }, default);
        Assert.Contains(officerSignIn.Items, r => JsonNode.Parse(r.Event.Details!)!["method"]!.GetValue<string>() == "certificate+totp");

        // 6. Revoking her certificate ends her session at the next page, and it signs her in no more.
        await services.GetRequiredService<RevocationService>().RevokeAsync(Serial(serial), RevocationReason.KeyCompromise, null, Caller(requester), default);
        await mine.GotoAsync($"{mineOrigin}/dashboard");
        await mine.WaitForURLAsync(new Regex("/signin"));
        await mine.GetByRole(AriaRole.Button, new() { Name = "Sign in with this certificate" }).ClickAsync();
        await Assertions.Expect(mine.GetByRole(AriaRole.Alert)).ToContainTextAsync("This certificate cannot sign you in");
        var refused = await audit.QueryAsync(new AuditQuery { Action = AuditActions.SignInFailed }, default);
        Assert.Contains(refused.Items, r => r.Event.Details!.Contains("\"step\":\"certificate\"", StringComparison.Ordinal) && r.Event.Details.Contains(serial, StringComparison.Ordinal));
        Assert.Equal(200, (await theirs.GotoAsync($"{theirOrigin}/officer"))!.Status);
    }

    private static SerialNumber Serial(string hex) => SerialNumber.TryParse(hex, out var serial) ? serial : throw new FormatException(hex);

    private static CallerContext Caller(TestPerson person) =>
        new(person.Id, new HashSet<string> { Roles.Requester }, null, person.OrganizationId);

    /// <summary>A tls-client certificate whose key the service generated, requested by the person themselves.</summary>
    private async Task<IssuanceResult> IssueClientCertificateAsync(TestPerson person, string commonName) =>
        await server.Api.Services.GetRequiredService<IssuanceService>().SubmitAsync(
            new IssuanceRequest
            {
                Profile = "tls-client",
                KeyAlgorithm = "ECDSA-P256",
                Subject = new Dictionary<string, string> { ["CN"] = commonName },
                Pkcs12Password = FilePassword,
            },
            Caller(person), default);
}
