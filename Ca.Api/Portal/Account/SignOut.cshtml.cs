using System.Security.Claims;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>Ends the session (a post with its antiforgery token, so no other site can sign a person out).</summary>
public sealed class SignOutModel(SignInManager<PortalUser> signIn, SignInAudit audit) : PortalPageModel
{
    public IActionResult OnGet() => RedirectToPage("/Home/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var personId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        await signIn.SignOutAsync();
        if (personId is not null)
        {
            await audit.SignedOutAsync(HttpContext, personId);
        }

        return LocalRedirect("/");
    }
}
