using System.Globalization;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Dates as people expect them: Thai readers get the Buddhist era (พ.ศ. 2569) with Thai month names,
/// English readers ISO 8601 (2026-11-30 14:05). Both in the portal's time zone with the offset shown.
/// </summary>
public sealed class PortalFormat
{
    private static readonly CultureInfo ThaiBuddhist = CreateThaiBuddhist();
    private readonly TimeZoneInfo zone;

    /// <summary>Creates the formatter for the configured zone (UTC when the zone is unknown).</summary>
    public PortalFormat(Microsoft.Extensions.Options.IOptions<PortalOptions> options)
    {
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(options.Value.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
    }

    /// <summary>Date and time with the UTC offset.</summary>
    public string DateTime(DateTimeOffset? value) => Format(value, "d MMM yyyy HH:mm", "yyyy-MM-dd HH:mm", withOffset: true);

    /// <summary>Date only.</summary>
    public string Date(DateTimeOffset? value) => Format(value, "d MMM yyyy", "yyyy-MM-dd", withOffset: false);

    /// <summary>The machine-readable form for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The first instant of a calendar day as people in the portal's time zone live it.</summary>
    public DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Whole days from <paramref name="now"/> until <paramref name="until"/> (negative once past).</summary>
    public static int DaysUntil(DateTimeOffset until, DateTimeOffset now) => (int)Math.Floor((until - now).TotalDays);

    private string Format(DateTimeOffset? value, string thai, string iso, bool withOffset)
    {
        if (value is not { } instant)
        {
            return "–";
        }

        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var offset = withOffset ? " " + Offset(local.Offset) : string.Empty;
        return PortalCultures.IsThai(CultureInfo.CurrentUICulture)
            ? local.ToString(thai, ThaiBuddhist) + offset
            : local.ToString(iso, CultureInfo.InvariantCulture) + offset;
    }

    private static string Offset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static CultureInfo CreateThaiBuddhist()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("th-TH").Clone();
        culture.DateTimeFormat.Calendar = new ThaiBuddhistCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}
