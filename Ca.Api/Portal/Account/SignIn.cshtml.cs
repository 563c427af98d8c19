using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>Password sign-in (Identity: hashing, lockout after five failures); people with an authenticator continue to the code.</summary>
[AllowAnonymous]
public sealed class SignInModel(SignInManager<PortalUser> signIn, UserManager<PortalUser> users, SignInAudit audit, PeopleDirectory directory) : PortalPageModel
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

    public async Task OnGetAsync(CancellationToken cancellationToken) => FirstRun = await directory.NeedsFirstAdminAsync(cancellationToken);

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
