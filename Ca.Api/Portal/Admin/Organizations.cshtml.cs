using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Accounts;
using Ca.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Admin;

/// <summary>Organizations (accounts): list and create. Roles here are those of the organization's API keys.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class OrganizationsModel(AccountService accounts) : PortalPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> KeyRoles { get; set; } = [Roles.Requester];

    public IReadOnlyList<Ca.Core.Accounts.Account> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Organizations = await accounts.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var created = await accounts.CreateAsync(Name ?? string.Empty, KeyRoles, Caller, cancellationToken);
            return Redirect($"/admin/organizations/{created.Id}");
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["name"] = nameof(Name), ["roles"] = nameof(KeyRoles) });
            Organizations = await accounts.ListAsync(cancellationToken);
            return Page();
        }
    }
}
