using Ca.Api.Portal.Infrastructure;
using Ca.Core.Documents;
using Ca.Core.Issuance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Requester;

/// <summary>The organization at a glance: its requests, its certificates with the days left, its e-seals.</summary>
[Authorize]
public sealed class DashboardModel(IssuanceService issuance, DocumentSignerService signers, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Enrolled { get; set; }

    public IReadOnlyList<CertificateRequestRecord> Requests { get; private set; } = [];

    public IReadOnlyList<IssuedCertificateRecord> Certificates { get; private set; } = [];

    public int SignerCount { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var caller = Caller;
        Now = clock.GetUtcNow();
        Requests = (await issuance.QueryRequestsAsync(null, 1, 50, caller, cancellationToken, caller.Organization)).Items;
        Certificates = (await issuance.QueryCertificatesAsync(new CertificateQuery { Owner = caller.Organization, PageSize = 100 }, caller, cancellationToken)).Items;
        SignerCount = (await signers.ListAsync(caller, cancellationToken)).Count(s => s.Owner == caller.Organization);
    }

    public int DaysLeft(IssuedCertificateRecord certificate) => PortalFormat.DaysUntil(certificate.NotAfter, Now);
}
