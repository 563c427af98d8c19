using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Ca.Core.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>
/// Password sign-in (Identity: hashing, lockout after five failures), or on HTTPS a TLS client
/// certificate linked to the person, which takes the password's place; people with an authenticator
/// continue to the code either way.
/// </summary>
[AllowAnonymous]
public sealed class SignInModel(PortalSignInManager signIn, UserManager<PortalUser> users, SignInAudit audit, PeopleDirectory directory, PersonCertificateService certificates) : PortalPageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public bool FirstRun { get; private set; }

    /// <summary>True on HTTPS, where the browser can present a client certificate.</summary>
    public bool OffersCertificate => Request.IsHttps;

    /// <summary>The subject of the certificate the browser presented on this connection, if any.</summary>
    public string? PresentedSubject { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        FirstRun = await directory.NeedsFirstAdminAsync(cancellationToken);
        PresentedSubject = (await PresentedAsync(cancellationToken))?.Subject;
    }

    /// <summary>Sign-in with the certificate presented in the TLS handshake.</summary>
    public async Task<IActionResult> OnPostCertificateAsync(CancellationToken cancellationToken)
    {
        var presented = await PresentedAsync(cancellationToken);
        if (presented is null)
        {
            ModelState.AddModelError(string.Empty, Text["SignIn.Certificate.None"]);
            return await PageAsync(cancellationToken);
        }

        var outcome = await certificates.SignInAsync(presented.RawData, cancellationToken);
        // A certificate refused before it was recognised (revoked, expired, foreign) is still named, by what it says of itself.
        var named = outcome.SerialNumber is { } serial ? $"{outcome.IssuerId}:{serial}" : $"presented:{presented.Issuer}:{presented.SerialNumber}";
        var user = outcome.PersonId is { } personId ? await users.FindByIdAsync(personId) : null;
        if (user is null)
        {
            await audit.FailedAsync(HttpContext, null, outcome.Reason ?? "person not found", "certificate", named);
            ModelState.AddModelError(string.Empty, Text["SignIn.Certificate." + (outcome.Failure ?? CertificateSignInFailure.PersonRemoved)]);
            return await PageAsync(cancellationToken);
        }

        var result = await signIn.CertificateSignInAsync(user, outcome.IssuerId!, outcome.SerialNumber!);
        if (result.Succeeded)
        {
            await audit.SucceededAsync(HttpContext, user, "certificate", named);
            return LocalRedirect(Landing.For(user, ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/SignInCode", new { returnUrl = Landing.IsLocal(ReturnUrl) ? ReturnUrl : null });
        }

        await audit.FailedAsync(HttpContext, user, result.IsLockedOut ? "locked-out" : "not-allowed", "certificate", named);
        ModelState.AddModelError(string.Empty, Text[result.IsLockedOut ? "SignIn.Error.LockedOut" : "SignIn.Certificate.Rejected"]);
        return await PageAsync(cancellationToken);
    }

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>The client certificate of this connection (Kestrel asks for one on HTTPS, never requires it).</summary>
    private async Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> PresentedAsync(CancellationToken cancellationToken) =>
        !Request.IsHttps ? null : HttpContext.Connection.ClientCertificate ?? await HttpContext.Connection.GetClientCertificateAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(UserName))
        {
            FieldError(nameof(UserName), "SignIn.Error.NoUserName");
        }

        if (string.IsNullOrEmpty(Password))
        {
            FieldError(nameof(Password), "SignIn.Error.NoPassword");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByNameAsync(UserName!.Trim());
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        Password = null;
        if (result.Succeeded)
        {
            await audit.SucceededAsync(HttpContext, user!, "password");
            return LocalRedirect(Landing.For(user!, ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/SignInCode", new { returnUrl = Landing.IsLocal(ReturnUrl) ? ReturnUrl : null });
        }

        if (result.IsLockedOut)
        {
            await audit.FailedAsync(HttpContext, user, "locked-out", "password");
            FieldError(nameof(Password), "SignIn.Error.LockedOut");
        }
        else
        {
            await audit.FailedAsync(HttpContext, user, user is null ? "unknown-user" : "wrong-password", "password");
            FieldError(nameof(Password), "SignIn.Error.Wrong");
        }

        FirstRun = await directory.NeedsFirstAdminAsync(cancellationToken);
        return Page();
    }
}
