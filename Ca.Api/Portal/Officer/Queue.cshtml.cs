using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Issuance;
using Microsoft.AspNetCore.Authorization;

namespace Ca.Api.Portal.Officer;

/// <summary>The officer's queue: pending requests, oldest first, each opening to the decoded CSR.</summary>
[Authorize(Policy = Policies.Officer)]
public sealed class QueueModel(IssuanceService issuance, Names names) : PortalPageModel
{
    public IReadOnlyList<(CertificateRequestRecord Request, string Organization, string SubmittedBy)> Pending { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await issuance.QueryRequestsAsync(RequestStatus.Pending, 1, 200, Caller, cancellationToken);
        Total = page.Total;
        var rows = new List<(CertificateRequestRecord, string, string)>();
        foreach (var request in page.Items.OrderBy(r => r.SubmittedAt))
        {
            rows.Add((request, await names.DescribeAsync(request.Requester, cancellationToken), await names.DescribeAsync(request.SubmittedBy ?? request.Requester, cancellationToken)));
        }

        Pending = rows;
    }
}
