using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Admin;

/// <summary>
/// One person: roles, the certificates that sign them in (an admin links any TLS client certificate of
/// the person's organization by serial), and the resets an admin can do (password by one-time link,
/// second factor, removal after a confirmation step).
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PersonModel(PeopleDirectory directory, PersonCertificateService signInCertificates, IssuanceService issuance) : PortalPageModel
{
    [BindProperty]
    public List<string> PersonRoles { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary><c>remove</c>: the page asks for confirmation before removing the person.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Confirm { get; set; }

    /// <summary>Sent only by the confirmation form.</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    public PortalUser Person { get; private set; } = null!;

    public IReadOnlyList<PersonCertificateService.LinkedCertificate> Certificates { get; private set; } = [];

    /// <summary>The serial of a certificate to link.</summary>
    [BindProperty]
    public string? Serial { get; set; }

    public string? ShownOnce { get; private set; }

    public string ShownOnceKind => "link";

    public async Task OnGetAsync(string id) => await LoadAsync(id);

    /// <summary>Links a certificate of the person's organization, found by serial, to the person.</summary>
    public async Task<IActionResult> OnPostLinkAsync(string id, CancellationToken cancellationToken)
    {
        var certificate = SerialNumber.TryParse(Serial, out var serial) ? await issuance.FindCertificateAsync(serial, Caller, cancellationToken) : null;
        if (certificate is null)
        {
            FieldError(nameof(Serial), "Search.Error.Serial");
            await LoadAsync(id);
            return Page();
        }

        try
        {
            await signInCertificates.LinkAsync(id, certificate.IssuerId, certificate.SerialNumber, Caller, cancellationToken);
            return Redirect($"/admin/people/{id}?done=linked");
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["serial"] = nameof(Serial) }, nameof(Serial));
            await LoadAsync(id);
            return Page();
        }
    }

    /// <summary>Stops a certificate signing the person in; their open sessions opened with it end at once.</summary>
    public async Task<IActionResult> OnPostUnlinkAsync(string id, string issuer, string serial, CancellationToken cancellationToken)
    {
        try
        {
            await signInCertificates.UnlinkAsync(id, issuer, serial, Caller, cancellationToken);
            return Redirect($"/admin/people/{id}?done=unlinked");
        }
        catch (CaException e)
        {
            ShowError(e);
            await LoadAsync(id);
            return Page();
        }
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

        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        if (!Confirmed)
        {
            // A removal always goes through the confirmation step.
            return Redirect($"/admin/people/{id}?confirm=remove#confirm-remove");
        }

        var organization = (await directory.GetAsync(id)).OrganizationId;
        try
        {
            await directory.DeleteAsync(id, Caller);
            return Redirect($"/admin/organizations/{organization}");
        }
        catch (CaException e)
        {
            ShowError(e);
            await LoadAsync(id);
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
            Certificates = await signInCertificates.ListAsync(id, Caller, HttpContext.RequestAborted);
            return Page();
        }
    }

    private async Task LoadAsync(string id)
    {
        Person = await directory.GetAsync(id);
        PersonRoles = [.. Person.Roles];
        Certificates = await signInCertificates.ListAsync(id, Caller, HttpContext.RequestAborted);
    }
}
