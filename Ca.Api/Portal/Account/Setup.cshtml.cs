using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Ca.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Account;

/// <summary>
/// First run: whoever holds the bootstrap admin's API key (written to <c>data/bootstrap-admin.key</c>
/// on first start, or configured) creates the first admin person with a password of their choosing.
/// Closed as soon as an admin person exists. There is no default password anywhere.
/// </summary>
[AllowAnonymous]
public sealed class SetupModel(PeopleDirectory directory) : PortalPageModel
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["userName"] = nameof(UserName),
        ["displayName"] = nameof(DisplayName),
        ["password"] = nameof(Password),
    };

    [BindProperty]
    public string? BootstrapKey { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool Open { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Open = await directory.NeedsFirstAdminAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Open = await directory.NeedsFirstAdminAsync(cancellationToken);
        if (!Open)
        {
            return Page();
        }

        if (string.IsNullOrWhiteSpace(BootstrapKey))
        {
            FieldError(nameof(BootstrapKey), "Setup.Error.NoKey");
        }

        if (string.IsNullOrWhiteSpace(UserName))
        {
            FieldError(nameof(UserName), "Setup.Error.NoUserName");
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
            try
            {
                await directory.CreateFirstAdminAsync(BootstrapKey!, UserName!, DisplayName ?? string.Empty, Password!, cancellationToken);
                return Redirect("/signin?done=password");
            }
            catch (CaException e)
            {
                ShowError(e, Fields, e.Code == "setup-key-invalid" ? nameof(BootstrapKey) : null);
            }
        }

        BootstrapKey = Password = ConfirmPassword = null;
        return Page();
    }
}
