using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Dates as people type them, read leniently: ISO (2026-12-31), day/month/year with any of / - . or
/// space (31/12/2026, 31.12.2569), month names in Thai or English, full or short (31 ธ.ค. 2569,
/// 31 December 2026, Dec 31, 2026), Thai digits (๓๑/๑๒/๒๕๖๙), and Buddhist-era years (2569, or
/// marked พ.ศ./BE) next to common-era ones (marked ค.ศ./AD/CE, or below 2400). Day before month:
/// that is how Thailand writes dates. A two-digit year is refused rather than guessed.
/// </summary>
public static partial class PortalDates
{
    /// <summary>The offset between the Buddhist and the common era.</summary>
    public const int BuddhistEraOffset = 543;

    /// <summary>Month names as matched: lower case, dots removed (so ธ.ค. and ธค, Dec. and Dec are one).</summary>
    private static readonly string[][] MonthNames =
    [
        ["january", "jan", "มกราคม", "มค"],
        ["february", "feb", "กุมภาพันธ์", "กพ"],
        ["march", "mar", "มีนาคม", "มีค"],
        ["april", "apr", "เมษายน", "เมย"],
        ["may", "พฤษภาคม", "พค"],
        ["june", "jun", "มิถุนายน", "มิย"],
        ["july", "jul", "กรกฎาคม", "กค"],
        ["august", "aug", "สิงหาคม", "สค"],
        ["september", "sep", "sept", "กันยายน", "กย"],
        ["october", "oct", "ตุลาคม", "ตค"],
        ["november", "nov", "พฤศจิกายน", "พย"],
        ["december", "dec", "ธันวาคม", "ธค"],
    ];

    /// <summary>Reads a typed date; false when it is not one (the page then shows the format hint as the error).</summary>
    public static bool TryParse(string? typed, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64)
        {
            return false;
        }

        var text = Normalize(typed);
        int? era = null;
        var marker = EraMarker().Match(text);
        if (marker.Success)
        {
            era = marker.Groups["be"].Success ? BuddhistEraOffset : 0;
            text = Spaces().Replace(EraMarker().Replace(text, " "), " ").Trim();
        }

        int day, month, year;
        if (Iso().Match(text) is { Success: true } iso)
        {
            (year, month, day) = (Number(iso, "y"), Number(iso, "m"), Number(iso, "d"));
        }
        else if (DayMonthYear().Match(text) is { Success: true } numeric)
        {
            (day, month, year) = (Number(numeric, "d"), Number(numeric, "m"), Number(numeric, "y"));
        }
        else if (DayNameYear().Match(text) is { Success: true } named && Month(named.Groups["name"].Value) is { } m1)
        {
            (day, month, year) = (Number(named, "d"), m1, Number(named, "y"));
        }
        else if (NameDayYear().Match(text) is { Success: true } american && Month(american.Groups["name"].Value) is { } m2)
        {
            (day, month, year) = (Number(american, "d"), m2, Number(american, "y"));
        }
        else
        {
            return false;
        }

        year -= era ?? (year >= 2400 ? BuddhistEraOffset : 0);
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>How the date is written back into the field: Thai readers day/month/Buddhist year, others ISO.</summary>
    public static string ForInput(DateOnly? date, CultureInfo reader) => date is not { } d
        ? string.Empty
        : PortalCultures.IsThai(reader)
            ? string.Create(CultureInfo.InvariantCulture, $"{d.Day}/{d.Month}/{d.Year + BuddhistEraOffset}")
            : Iso(d);

    /// <summary>The machine form, for links.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int? Month(string name)
    {
        var key = name.ToLowerInvariant().Replace(".", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (MonthNames[i].Contains(key, StringComparer.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>Thai digits to ASCII, runs of white space to one space, commas to spaces.</summary>
    private static string Normalize(string typed)
    {
        var builder = new StringBuilder(typed.Length);
        foreach (var c in typed.Trim())
        {
            builder.Append(c is >= '\u0E50' and <= '\u0E59' ? (char)('0' + (c - '\u0E50')) : c == ',' ? ' ' : c);
        }

        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"(?:^|\s)(?:(?<be>พ\.\s?ศ\.?|พศ|B\.?E\.?)|(?<ce>ค\.\s?ศ\.?|คศ|A\.?D\.?|C\.?E\.?))(?=\s|$|\d)", RegexOptions.IgnoreCase)]
    private static partial Regex EraMarker();

    [GeneratedRegex(@"^(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(?<d>\d{1,2})\s?[-/. ]\s?(?<m>\d{1,2})\s?[-/. ]\s?(?<y>\d{4})$")]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"^(?<d>\d{1,2})[ -]?(?<name>[\p{L}\p{M}.]+)[ -]?(?<y>\d{4})$")]
    private static partial Regex DayNameYear();

    [GeneratedRegex(@"^(?<name>[\p{L}\p{M}.]+) (?<d>\d{1,2}) (?<y>\d{4})$")]
    private static partial Regex NameDayYear();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
