using System.Globalization;
using Ca.Api.Portal.Infrastructure;

namespace Ca.Tests.Portal;

/// <summary>Dates as Thai and English readers type them: every common way in, one unambiguous day out.</summary>
public sealed class PortalDatesTests
{
    [Theory]
    [InlineData("2026-12-31", "2026-12-31")]
    [InlineData("2026/1/5", "2026-01-05")]
    [InlineData("31/12/2569", "2026-12-31")]
    [InlineData("31/12/2026", "2026-12-31")]
    [InlineData("5-1-2570", "2027-01-05")]
    [InlineData("31.12.2569", "2026-12-31")]
    [InlineData(" 31 12 2569 ", "2026-12-31")]
    [InlineData("๓๑/๑๒/๒๕๖๙", "2026-12-31")]
    [InlineData("31 ธ.ค. 2569", "2026-12-31")]
    [InlineData("31ธ.ค.2569", "2026-12-31")]
    [InlineData("1 มกราคม พ.ศ. 2570", "2027-01-01")]
    [InlineData("29 กุมภาพันธ์ 2567", "2024-02-29")]
    [InlineData("31 December 2026", "2026-12-31")]
    [InlineData("31 Dec. 2026", "2026-12-31")]
    [InlineData("Dec 31, 2026", "2026-12-31")]
    [InlineData("1 Jan 2570 BE", "2027-01-01")]
    [InlineData("31/12/2026 ค.ศ.", "2026-12-31")]
    public void TryParse_TypedAsPeopleDo_ReadsTheDay(string typed, string expected)
    {
        Assert.True(PortalDates.TryParse(typed, out var day), typed);
        Assert.Equal(expected, PortalDates.Iso(day));
    }

    [Theory]
    [InlineData("")]
    [InlineData("31/12/69")]
    [InlineData("31/02/2026")]
    [InlineData("29/2/2569")]
    [InlineData("13/13/2026")]
    [InlineData("tomorrow")]
    [InlineData("31 Smarch 2026")]
    [InlineData("2026-12-31; DROP TABLE")]
    [InlineData("1/1/1800")]
    public void TryParse_NotADay_Refused(string typed) =>
        Assert.False(PortalDates.TryParse(typed, out _), typed);

    [Fact]
    public void ForInput_ThaiReaderBuddhistEra_EnglishReaderIso()
    {
        var day = new DateOnly(2026, 12, 31);

        Assert.Equal("31/12/2569", PortalDates.ForInput(day, CultureInfo.GetCultureInfo("th")));
        Assert.Equal("2026-12-31", PortalDates.ForInput(day, CultureInfo.GetCultureInfo("en")));
        Assert.True(PortalDates.TryParse(PortalDates.ForInput(day, CultureInfo.GetCultureInfo("th")), out var back) && back == day);
    }
}
