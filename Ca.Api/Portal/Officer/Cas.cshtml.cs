using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Revocation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Officer;

/// <summary>The CAs' status for operators: in service or not, validity, the current CRL, and publishing a CRL now.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class CasModel(AuthorityRegistry authorities, CrlPublisher crls) : PortalPageModel
{
    [BindProperty]
    public string? CaId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Published { get; set; }

    public IReadOnlyList<(AuthorityRecord Authority, DateTimeOffset NotAfter, StoredCrl? Crl)> Authorities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            var crl = await crls.PublishFullAsync(CaId ?? string.Empty, Caller, cancellationToken);
            return Redirect($"/officer/cas?published={Uri.EscapeDataString(crl.CaId)}");
        }
        catch (CaException e)
        {
            ShowError(e);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(AuthorityRecord, DateTimeOffset, StoredCrl?)>();
        foreach (var record in await authorities.ListAsync(cancellationToken))
        {
            var certificate = new Org.BouncyCastle.X509.X509Certificate(record.CertificateDer);
            rows.Add((record, new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc)), await crls.CurrentAsync(record.Id, delta: false, cancellationToken)));
        }

        Authorities = rows;
    }
}
