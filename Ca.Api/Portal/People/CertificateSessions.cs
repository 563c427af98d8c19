using System.Security.Claims;
using Ca.Core.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Ca.Api.Portal.People;

/// <summary>
/// Sessions opened with a TLS client certificate. The session records the certificate as its
/// authentication method (<c>certificate:{issuer}:{serial}</c>) and is checked on every request: it
/// ends as soon as the certificate, or a CA above it, is revoked or held, expires, or is unlinked from
/// the person, as the API's mutual-TLS login stops at once. Pages are few per minute per person, so
/// the three lookups this costs are nothing next to the page itself.
/// <para>
/// Second factor: a certificate is one factor, something the person has (a key in a browser or on a
/// card). Linked certificates replace the password, never the authenticator: officers, auditors and
/// admins still give their six-digit code. A certificate whose key sits on a PIN-protected smart card
/// would be two factors in itself, but the service cannot tell from the TLS handshake where the key
/// lives, so it does not rely on that.
/// </para>
/// </summary>
internal static class CertificateSessions
{
    private const string Prefix = "certificate:";

    /// <summary>The authentication method recorded for a certificate sign-in.</summary>
    public static string Method(string issuerId, string serialNumber) => Prefix + issuerId + ":" + serialNumber;

    /// <summary>The certificate a method names, or null for other sign-ins (password).</summary>
    public static (string IssuerId, string SerialNumber)? Parse(string? method)
    {
        if (method is null || !method.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = method[Prefix.Length..];
        var split = rest.LastIndexOf(':');
        return split <= 0 || split == rest.Length - 1 ? null : (rest[..split], rest[(split + 1)..]);
    }

    /// <summary>The certificate that opened this session, if one did.</summary>
    public static (string IssuerId, string SerialNumber)? Of(ClaimsPrincipal? principal) =>
        Parse(principal?.FindFirstValue(ClaimTypes.AuthenticationMethod));

    /// <summary>Keeps the first factor's record when Identity rebuilds the principal after its security-stamp check.</summary>
    public static Task KeepMethodOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        var method = context.CurrentPrincipal?.FindFirst(ClaimTypes.AuthenticationMethod);
        if (method is not null && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == ClaimTypes.AuthenticationMethod))
        {
            identity.AddClaim(new Claim(method.Type, method.Value));
        }

        var amr = context.CurrentPrincipal?.FindFirst("amr");
        if (amr is not null && context.NewPrincipal?.Identity is ClaimsIdentity withAmr && !withAmr.HasClaim(c => c.Type == "amr"))
        {
            withAmr.AddClaim(new Claim(amr.Type, amr.Value));
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs after Identity's own check: a certificate session whose certificate no longer signs the person in ends here.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || Of(principal) is not { } certificate)
        {
            return;
        }

        var personId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var services = context.HttpContext.RequestServices;
        var stillGood = personId is not null && await services.GetRequiredService<PersonCertificateService>()
            .StillSignsInAsync(personId, certificate.IssuerId, certificate.SerialNumber, context.HttpContext.RequestAborted);
        if (!stillGood)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CertificateSessions))
                .LogInformation("Ended the portal session of {Person}: certificate {Serial} of {Issuer} no longer signs them in", personId, certificate.SerialNumber, certificate.IssuerId);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
