using Ca.Core.Common;
using Ca.Core.Profiles;

namespace Ca.Core.Issuance;

/// <summary>
/// Computes notBefore/notAfter: the requested days (or the profile default), never above the
/// profile maximum, and never beyond the issuer's own notAfter (RFC 5280 6.1.3 would reject it).
/// </summary>
public static class ValidityPolicy
{
    /// <summary>Validates the requested number of days against the profile.</summary>
    public static int ResolveDays(int? requestedDays, CertificateProfile profile)
    {
        var days = requestedDays ?? profile.DefaultValidityDays;
        if (days <= 0)
        {
            throw CaException.BadRequest("invalid-validity", "validityDays must be a positive number of days.", "validityDays");
        }

        if (days > profile.MaxValidityDays)
        {
            throw CaException.Unprocessable("validity-too-long", $"Profile '{profile.Name}' allows at most {profile.MaxValidityDays} days; {days} were requested.", "validityDays");
        }

        return days;
    }

    /// <summary>
    /// The validity window. The period (notBefore through notAfter inclusive, as the CA/B BR count it)
    /// is exactly <paramref name="days"/> days.
    /// </summary>
    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Window(DateTimeOffset now, int days, int backdateSeconds, DateTimeOffset issuerNotAfter)
    {
        var truncated = now.ToWholeSeconds();
        var notBefore = truncated.AddSeconds(-backdateSeconds);
        var notAfter = notBefore.AddDays(days).AddSeconds(-1);
        if (notAfter > issuerNotAfter)
        {
            notAfter = issuerNotAfter;
        }

        if (notAfter <= truncated)
        {
            throw CaException.Conflict("issuer-expiring", "The issuing CA's certificate expires before a certificate could be valid; choose another CA.");
        }

        return (notBefore, notAfter);
    }
}
