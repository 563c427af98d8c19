using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Requester;

/// <summary>Where a request stands: pending with an officer, issued (with its certificate), rejected with the reason, or expired.</summary>
[Authorize]
public sealed class RequestStatusModel(IssuanceService issuance) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Submitted { get; set; }

    public CertificateRequestRecord Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await issuance.FindRequestAsync(id, Caller, cancellationToken)
            ?? throw CaException.NotFound("request-not-found", $"Certificate request {id} does not exist.");
        return Page();
    }
}
