using Ca.Api.Authentication;
using Ca.Api.Endpoints.Acme;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Accounts;
using Ca.Core.Acme;
using Ca.Core.Acme.Eab;
using Ca.Core.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal.Requester;

/// <summary>
/// The organization's ACME side (certbot, lego): its ACME accounts, and the external account binding
/// credentials that create them. A new credential's HMAC key is shown once, inside ready-to-run
/// certbot and lego commands; revoking a credential also revokes the ACME account it created. The
/// same <see cref="EabService"/> as <c>/api/v1/acme/eab</c>, so the rules and audit records are one.
/// Admins open any organization's with <c>?organization=</c>.
/// </summary>
[Authorize(Policy = Policies.Subscriber)]
public sealed class AcmeAccountsModel(EabService eab, AccountService accounts, IOptions<AcmeOptions> acme) : PortalPageModel
{
    /// <summary>An admin's choice of organization; everyone else sees their own.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Organization { get; set; }

    /// <summary>A credential whose revocation waits for confirmation.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Revoke { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public Ca.Core.Accounts.Account Owner { get; private set; } = null!;

    public IReadOnlyList<AcmeAccount> Accounts { get; private set; } = [];

    public IReadOnlyList<EabCredential> Credentials { get; private set; } = [];

    /// <summary>The credential just created, with its HMAC key: shown on this response only.</summary>
    public (EabCredential Credential, string HmacKey)? Created { get; private set; }

    public bool Enabled => acme.Value.Enabled;

    /// <summary>The ACME directory URL clients are given (built like the ACME endpoints build theirs).</summary>
    public string DirectoryUrl => new AcmeUrls(Request).Directory;

    /// <summary>The query string that keeps an admin on the organization they opened.</summary>
    public string OrganizationQuery => OwnerId == Caller.Organization ? string.Empty : "?organization=" + Uri.EscapeDataString(OwnerId);

    private string OwnerId => Caller.IsInRole(Roles.Admin) && !string.IsNullOrWhiteSpace(Organization) ? Organization : Caller.Organization;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            Created = await eab.CreateAsync(OwnerId, Caller, cancellationToken);
            Response.Headers.CacheControl = "no-store";
        }
        catch (CaException e)
        {
            ShowError(e);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string kid, CancellationToken cancellationToken)
    {
        try
        {
            await eab.RevokeAsync(kid, Caller, cancellationToken);
            var separator = OrganizationQuery.Length == 0 ? "?" : "&";
            return Redirect("/acme-accounts" + OrganizationQuery + separator + "done=revoked");
        }
        catch (CaException e)
        {
            ShowError(e);
            Revoke = null;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    /// <summary>The certbot command for a new credential; the domain and e-mail are placeholders the person replaces.</summary>
    public string Certbot(string kid, string hmacKey) =>
        $"certbot certonly --standalone --server {DirectoryUrl} \\\n  --eab-kid {kid} --eab-hmac-key {hmacKey} \\\n  -m ops@example.co.th --agree-tos -d www.example.co.th";

    /// <summary>The lego command for a new credential.</summary>
    public string Lego(string kid, string hmacKey) =>
        $"lego --server {DirectoryUrl} --eab --kid {kid} --hmac {hmacKey} \\\n  --email ops@example.co.th --accept-tos --domains www.example.co.th --http run";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Owner = await accounts.GetAsync(OwnerId, cancellationToken);
        Accounts = await eab.ListAccountsAsync(OwnerId, Caller, cancellationToken);
        Credentials = (await eab.ListAsync(OwnerId, Caller, cancellationToken)).OrderByDescending(c => c.CreatedAt).ToList();
    }
}
