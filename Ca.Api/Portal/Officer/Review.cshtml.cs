using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Officer;

/// <summary>
/// One pending request for a human: the CSR decoded (subject, SANs, key type and size), who asked and
/// when, and approve or reject with a reason. Four-eyes is explained up front and enforced by Core.
/// </summary>
[Authorize(Policy = Policies.Officer)]
public sealed class ReviewModel(IssuanceService issuance, Names names) : PortalPageModel
{
    [BindProperty]
    public string? RejectReason { get; set; }

    public CertificateRequestRecord Item { get; private set; } = null!;

    public ParsedCsr? Csr { get; private set; }

    public string Organization { get; private set; } = string.Empty;

    public string SubmittedBy { get; private set; } = string.Empty;

    public bool OwnRequest { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        try
        {
            var result = await issuance.ApproveAsync(id, Caller, cancellationToken);
            return Redirect($"/requests/{result.Request.Id}");
        }
        catch (CaException e)
        {
            ShowError(e);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        if (string.IsNullOrWhiteSpace(RejectReason))
        {
            FieldError(nameof(RejectReason), "Review.Error.NoReason");
            return Page();
        }

        try
        {
            await issuance.RejectAsync(id, RejectReason, Caller, cancellationToken);
            return Redirect($"/requests/{id}");
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["reason"] = nameof(RejectReason) });
            return Page();
        }
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await issuance.FindRequestAsync(id, Caller, cancellationToken)
            ?? throw CaException.NotFound("request-not-found", $"Certificate request {id} does not exist.");
        Csr = Item.CsrDer is { } der ? TryParse(der) : null;
        Organization = await names.DescribeAsync(Item.Requester, cancellationToken);
        SubmittedBy = await names.DescribeAsync(Item.SubmittedBy ?? Item.Requester, cancellationToken);
        OwnRequest = FourEyes.SameSide(Item, Caller);
    }

    private static ParsedCsr? TryParse(byte[] der)
    {
        try
        {
            return CsrParser.Parse(der);
        }
        catch (CaException)
        {
            return null;
        }
    }
}
