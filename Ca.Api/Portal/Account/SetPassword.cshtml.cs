using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>
/// The one-time link an admin hands a new or reset person: they choose their own password. The token
/// is Identity's, bound to the person's security stamp, so it works once and dies with any later change.
/// </summary>
[AllowAnonymous]
public sealed class SetPasswordModel(UserManager<PortalUser> users) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(Person) ? null : await users.FindByIdAsync(Person);
        if (user is null || string.IsNullOrEmpty(Token))
        {
            ModelState.AddModelError(string.Empty, Text["SetPassword.Error.Link"]);
            return Page();
        }

        if (string.IsNullOrEmpty(Password))
        {
            FieldError(nameof(Password), "Password.Error.Empty");
            return Page();
        }

        if (Password != ConfirmPassword)
        {
            FieldError(nameof(ConfirmPassword), "Password.Error.Mismatch");
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Token, Password);
        if (result.Succeeded)
        {
            return Redirect("/signin?done=password");
        }

        foreach (var error in result.Errors)
        {
            var field = error.Code == "InvalidToken" ? string.Empty : nameof(Password);
            ModelState.AddModelError(field, IdentityText.Describe(Text, error));
        }

        return Page();
    }
}
