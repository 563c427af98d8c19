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
public sealed class LogModel(AuditService audit, PortalFormat format) : PortalPageModel
{
    private const int PageSize = 50;
    private DateOnly? fromDay;
    private DateOnly? toDay;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    /// <summary>The first day, as typed (read by <see cref="PortalDates"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The last day, included, as typed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

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
        var from = ReadDate(From, nameof(From));
        var to = ReadDate(To, nameof(To));
        if (!ModelState.IsValid)
        {
            return;
        }

        if (from is { } first && to is { } last && last < first)
        {
            FieldError(nameof(To), "Audit.Error.Range");
            return;
        }

        (fromDay, toDay) = (from, to);

        try
        {
            Records = await audit.QueryAsync(new AuditQuery
            {
                Action = string.IsNullOrEmpty(Action) ? null : Action,
                Actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
                Target = string.IsNullOrWhiteSpace(Target) ? null : Target.Trim(),
                From = from is { } f ? format.StartOfDay(f) : null,
                To = to is { } t ? format.StartOfDay(t.AddDays(1)) : null,
                Page = Math.Max(1, PageNumber),
                PageSize = PageSize,
            }, cancellationToken);
        }
        catch (CaException e)
        {
            ShowError(e);
        }
    }

    /// <summary>A typed day, written back in the reader's form; an error on the field when it is not a date.</summary>
    private DateOnly? ReadDate(string? typed, string field)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        if (!PortalDates.TryParse(typed, out var day))
        {
            FieldError(field, "Date.Error");
            return null;
        }

        var shown = PortalDates.ForInput(day, System.Globalization.CultureInfo.CurrentUICulture);
        if (field == nameof(From))
        {
            From = shown;
        }
        else
        {
            To = shown;
        }

        return day;
    }

    /// <summary>The link to another page of the same filter.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["Action"] = Action, ["Actor"] = Actor, ["Target"] = Target,
        ["From"] = fromDay is { } f ? PortalDates.Iso(f) : null, ["To"] = toDay is { } t ? PortalDates.Iso(t) : null, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
