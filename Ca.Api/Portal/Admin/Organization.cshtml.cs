using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Ca.Core.Accounts;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Admin;

/// <summary>
/// One organization: its people (add one, who then chooses a password through a one-time link), its
/// API keys (a new key is shown once) and its e-seals.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class OrganizationModel(AccountService accounts, PeopleDirectory directory, DocumentSignerService signers) : PortalPageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public List<string> PersonRoles { get; set; } = [Roles.Requester];

    [BindProperty]
    public string? SealName { get; set; }

    [BindProperty]
    public string? SealCommonName { get; set; }

    /// <summary>The seal's mailbox (optional): NSS, and so pdfsig and Thunderbird, trust a PDF signer only with one.</summary>
    [BindProperty]
    public string? SealEmail { get; set; }

    public Ca.Core.Accounts.Account Organization { get; private set; } = null!;

    public IReadOnlyList<Person> People { get; private set; } = [];

    public IReadOnlyList<ApiKeyRecord> Keys { get; private set; } = [];

    public IReadOnlyList<DocumentSigner> Seals { get; private set; } = [];

    /// <summary>A secret to show exactly once: a new API key, or a set-password link.</summary>
    public string? ShownOnce { get; private set; }

    public string? ShownOnceKind { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostPersonAsync(string id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        try
        {
            var link = await directory.CreateAsync(id, UserName ?? string.Empty, DisplayName ?? string.Empty, PersonRoles, Caller, cancellationToken);
            ShowLink(link);
            await LoadAsync(id, cancellationToken);
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["userName"] = nameof(UserName), ["displayName"] = nameof(DisplayName), ["roles"] = nameof(PersonRoles) }, nameof(UserName));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostKeyAsync(string id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        var (_, secret) = await accounts.CreateKeyAsync(id, null, Caller, cancellationToken);
        ShownOnce = secret;
        ShownOnceKind = "key";
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync(string id, Guid keyId, CancellationToken cancellationToken)
    {
        await accounts.RevokeKeyAsync(id, keyId, Caller, cancellationToken);
        return Redirect($"/admin/organizations/{id}");
    }

    public async Task<IActionResult> OnPostSealAsync(string id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        try
        {
            var subject = new Dictionary<string, string> { ["CN"] = SealCommonName ?? string.Empty, ["O"] = Organization.Name, ["C"] = "TH" };
            await signers.CreateAsync(new CreateSignerRequest(SealName, subject, null, id, null, string.IsNullOrWhiteSpace(SealEmail) ? null : SealEmail), Caller, cancellationToken);
            return Redirect($"/admin/organizations/{id}");
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["name"] = nameof(SealName), ["subject"] = nameof(SealCommonName), ["subject.CN"] = nameof(SealCommonName), ["email"] = nameof(SealEmail), ["sans"] = nameof(SealEmail) }, nameof(SealName));
            return Page();
        }
    }

    private void ShowLink(PeopleDirectory.SetPasswordLink link)
    {
        ShownOnce = $"{Request.Scheme}://{Request.Host}/account/set-password?person={Uri.EscapeDataString(link.Person.Id)}&token={Uri.EscapeDataString(link.Token)}";
        ShownOnceKind = "link";
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        Organization = await accounts.GetAsync(id, cancellationToken);
        People = await directory.ListAsync(id, cancellationToken);
        Keys = await accounts.ListKeysAsync(id, cancellationToken);
        Seals = (await signers.ListAsync(Caller, cancellationToken)).Where(s => s.Owner == id).ToList();
    }
}
