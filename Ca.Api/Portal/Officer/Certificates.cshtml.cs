using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Officer;

/// <summary>Certificate search for officers: by subject, serial, status, profile and expiry, through the same query the REST API uses.</summary>
[Authorize(Policy = Policies.Officer)]
public sealed class CertificatesModel(IssuanceService issuance, IProfileCatalog profiles, PortalFormat format, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Serial { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Profile { get; set; }

    /// <summary>As typed: read by <see cref="PortalDates"/> (Thai or ISO dates, either era).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ExpiringBefore { get; set; }

    public IReadOnlyList<IssuedCertificateRecord> Results { get; private set; } = [];

    public int Total { get; private set; }

    public IEnumerable<string> ProfileNames => profiles.All.Select(p => p.Name);

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Serial))
        {
            if (SerialNumber.TryParse(Serial, out var serial) && await issuance.FindCertificateAsync(serial, Caller, cancellationToken) is { } found)
            {
                return Redirect($"/certificates/{found.SerialNumber}");
            }

            FieldError(nameof(Serial), "Search.Error.Serial");
        }

        DateOnly? expiringBefore = null;
        if (!string.IsNullOrWhiteSpace(ExpiringBefore))
        {
            if (!PortalDates.TryParse(ExpiringBefore, out var day))
            {
                FieldError(nameof(ExpiringBefore), "Date.Error");
                return Page();
            }

            expiringBefore = day;
            ExpiringBefore = PortalDates.ForInput(day, System.Globalization.CultureInfo.CurrentUICulture);
        }

        var (status, expired) = Status switch
        {
            "valid" => (CertificateStatus.Valid, (bool?)false),
            "revoked" => (CertificateStatus.Revoked, null),
            "onHold" => (CertificateStatus.OnHold, null),
            "expired" => ((CertificateStatus?)null, true),
            _ => ((CertificateStatus?)null, (bool?)null),
        };
        var page = await issuance.QueryCertificatesAsync(new CertificateQuery
        {
            Status = status,
            Expired = expired,
            Profile = string.IsNullOrEmpty(Profile) ? null : Profile,
            SubjectContains = string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim(),
            ExpiringBefore = expiringBefore is { } date ? format.StartOfDay(date) : null,
            PageSize = 100,
        }, Caller, cancellationToken);
        Results = page.Items;
        Total = page.Total;
        return Page();
    }
}
