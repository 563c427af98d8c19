using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Ca.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Admin;

/// <summary>One person: roles, and the resets an admin can do (password by one-time link, second factor, removal).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PersonModel(PeopleDirectory directory) : PortalPageModel
{
    [BindProperty]
    public List<string> PersonRoles { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public PortalUser Person { get; private set; } = null!;

    public string? ShownOnce { get; private set; }

    public string ShownOnceKind => "link";

    public async Task OnGetAsync(string id)
    {
        Person = await directory.GetAsync(id);
        PersonRoles = [.. Person.Roles];
    }

    public Task<IActionResult> OnPostRolesAsync(string id) => ActAsync(id, () => directory.SetRolesAsync(id, PersonRoles, Caller), "roles");

    public Task<IActionResult> OnPostResetSecondFactorAsync(string id) => ActAsync(id, () => directory.ResetSecondFactorAsync(id, Caller), "second-factor");

    public async Task<IActionResult> OnPostResetPasswordAsync(string id)
    {
        try
        {
            var link = await directory.ResetPasswordAsync(id, Caller);
            ShownOnce = $"{Request.Scheme}://{Request.Host}/account/set-password?person={Uri.EscapeDataString(link.Person.Id)}&token={Uri.EscapeDataString(link.Token)}";
        }
        catch (CaException e)
        {
            ShowError(e);
        }

        Person = await directory.GetAsync(id);
        PersonRoles = [.. Person.Roles];
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        var organization = (await directory.GetAsync(id)).OrganizationId;
        try
        {
            await directory.DeleteAsync(id, Caller);
            return Redirect($"/admin/organizations/{organization}");
        }
        catch (CaException e)
        {
            ShowError(e);
            Person = await directory.GetAsync(id);
            PersonRoles = [.. Person.Roles];
            return Page();
        }
    }

    private async Task<IActionResult> ActAsync(string id, Func<Task> action, string done)
    {
        try
        {
            await action();
            return Redirect($"/admin/people/{id}?done={done}");
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["roles"] = nameof(PersonRoles) });
            Person = await directory.GetAsync(id);
            return Page();
        }
    }
}
