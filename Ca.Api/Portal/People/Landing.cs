namespace Ca.Api.Portal.People;

/// <summary>Where a person goes after signing in: enrolment first when a role waits for it, else where they were headed.</summary>
internal static class Landing
{
    public static string For(PortalUser user, string? returnUrl)
    {
        if (!user.TwoFactorEnabled && user.Roles.Any(PortalClaims.Privileged.Contains))
        {
            return "/account/two-factor";
        }

        return IsLocal(returnUrl) ? returnUrl! : "/dashboard";
    }

    /// <summary>Only paths on this site (no scheme, no //host, no backslash tricks).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>Authenticator codes as people type them: spaces and dashes removed.</summary>
    public static string NormalizeCode(string? code) => new((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
}
