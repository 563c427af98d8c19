namespace Ca.Api.Portal.Infrastructure;

/// <summary>Portal settings (<c>Pki:Portal</c>).</summary>
public sealed class PortalOptions
{
    /// <summary>
    /// Time zone in which people read times (IANA id). Thailand has one zone and no daylight saving;
    /// the offset is always printed so nobody has to guess.
    /// </summary>
    public string TimeZone { get; set; } = "Asia/Bangkok";

    /// <summary>A signed-in session ends after this long without a request (the idle timeout).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>The language a visitor gets when neither a remembered choice nor Accept-Language names th or en.</summary>
    public string DefaultLanguage { get; set; } = "th";

    /// <summary>
    /// A folder for the data-protection key ring (session cookies, antiforgery, password-reset links),
    /// encrypted under the KEK. Unset: the ring is kept in the database, which every instance shares.
    /// </summary>
    public string? KeyRingDirectory { get; set; }
}
