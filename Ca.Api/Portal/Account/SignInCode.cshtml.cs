using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>The second step: the six-digit code from the person's authenticator app (RFC 6238 TOTP, checked by Identity).</summary>
[AllowAnonymous]
public sealed class SignInCodeModel(SignInManager<PortalUser> signIn, SignInAudit audit) : PortalPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The five minutes between password and code have passed: start again.
            return RedirectToPage("/Account/SignIn");
        }

        var code = Landing.NormalizeCode(Code);
        if (code.Length != 6)
        {
            FieldError(nameof(Code), "SignInCode.Error.Format");
            return Page();
        }

        // The first step's method (password, or a certificate) travels in Identity's two-factor cookie.
        var firstStep = (await HttpContext.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme)).Principal?.FindFirstValue(ClaimTypes.AuthenticationMethod);
        var certificate = CertificateSessions.Parse(firstStep);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await audit.SucceededAsync(HttpContext, user, certificate is null ? "password+totp" : "certificate+totp",
                certificate is { } c ? $"{c.IssuerId}:{c.SerialNumber}" : null);
            return LocalRedirect(Landing.For(user, ReturnUrl));
        }

        await audit.FailedAsync(HttpContext, user, result.IsLockedOut ? "locked-out" : "wrong-code", "totp");
        FieldError(nameof(Code), result.IsLockedOut ? "SignIn.Error.LockedOut" : "SignInCode.Error.Wrong");
        Code = null;
        return Page();
    }
}
