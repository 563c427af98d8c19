using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Audit;

/// <summary>The audit log for auditors: filter by action, actor, target and day; verify the whole hash chain.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class LogModel(AuditService audit) : PortalPageModel
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<AuditRecord>? Records { get; private set; }

    public AuditVerification? Verification { get; private set; }

    public static IReadOnlyList<string> KnownActions { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await audit.VerifyAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (From is { } from && To is { } to && to < from)
        {
            FieldError(nameof(To), "Audit.Error.Range");
            return;
        }

        try
        {
            Records = await audit.QueryAsync(new AuditQuery
            {
                Action = string.IsNullOrEmpty(Action) ? null : Action,
                Actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
                Target = string.IsNullOrWhiteSpace(Target) ? null : Target.Trim(),
                From = From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                To = To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                Page = Math.Max(1, PageNumber),
                PageSize = PageSize,
            }, cancellationToken);
        }
        catch (CaException e)
        {
            ShowError(e);
        }
    }

    /// <summary>The link to another page of the same filter.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["Action"] = Action, ["Actor"] = Actor, ["Target"] = Target,
        ["From"] = From?.ToString("yyyy-MM-dd"), ["To"] = To?.ToString("yyyy-MM-dd"), ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
