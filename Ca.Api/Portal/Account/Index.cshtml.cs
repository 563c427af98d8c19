using System.Security.Claims;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Ca.Core.Common;
using Ca.Core.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>A person's own account: who they are, their roles, their second factor, the certificates that sign them in, and changing their password.</summary>
[Authorize]
public sealed class IndexModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, PersonCertificateService signInCertificates) : PortalPageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public PortalUser? Person { get; private set; }

    public IReadOnlyList<string> PendingRoles { get; private set; } = [];

    public bool Changed { get; private set; }

    public IReadOnlyList<PersonCertificateService.LinkedCertificate> Certificates { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public bool Unlinked => Done == "unlinked";

    public async Task<IActionResult> OnGetAsync()
    {
        Person = await users.GetUserAsync(User);
        if (Person is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        PendingRoles = User.FindAll(PortalClaims.PendingRole).Select(c => c.Value).ToList();
        Certificates = await signInCertificates.ListAsync(Person.Id, Caller, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>Stops one of the person's certificates signing them in.</summary>
    public async Task<IActionResult> OnPostUnlinkAsync(string issuer, string serial, CancellationToken cancellationToken)
    {
        try
        {
            await signInCertificates.UnlinkAsync(Caller.ActorId, issuer, serial, Caller, cancellationToken);
            return Redirect("/account?done=unlinked");
        }
        catch (CaException e)
        {
            ShowError(e);
            return await OnGetAsync();
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Person = await users.GetUserAsync(User);
        if (Person is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        PendingRoles = User.FindAll(PortalClaims.PendingRole).Select(c => c.Value).ToList();
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            FieldError(nameof(CurrentPassword), "Password.Error.Empty");
        }

        if (string.IsNullOrEmpty(Password))
        {
            FieldError(nameof(Password), "Password.Error.Empty");
        }
        else if (Password != ConfirmPassword)
        {
            FieldError(nameof(ConfirmPassword), "Password.Error.Mismatch");
        }

        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(Person, CurrentPassword!, Password!);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(Person);
                Changed = true;
            }
            else
            {
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(Password), IdentityText.Describe(Text, error));
                }
            }
        }

        CurrentPassword = Password = ConfirmPassword = null;
        Certificates = await signInCertificates.ListAsync(Person.Id, Caller, HttpContext.RequestAborted);
        return Page();
    }

    public string RoleName(string role) => Text["Role." + role];

    public string Organization => User.FindFirstValue(PortalClaims.Organization) ?? string.Empty;
}
