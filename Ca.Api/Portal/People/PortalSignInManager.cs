using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal.People;

/// <summary>
/// Identity's sign-in manager plus one way in: a TLS client certificate linked to the person. The
/// certificate takes the place of the password; a person with an authenticator still gives the code
/// (the certificate is one factor, "something you have", like the authenticator itself — see
/// <see cref="CertificateSessions"/>). The certificate travels with the session as its
/// authentication method, so the session can be ended when the certificate stops signing in.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<PortalUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <summary>
    /// Signs the person in with a certificate they presented (already checked and found linked to
    /// them): a session at once, or the authenticator-code step when they have one. Lockout and
    /// Identity's other pre-sign-in checks apply as for a password.
    /// </summary>
    public async Task<SignInResult> CertificateSignInAsync(PortalUser user, string issuerId, string serialNumber)
    {
        var refused = await PreSignInCheck(user);
        if (refused is not null)
        {
            return refused;
        }

        return await SignInOrTwoFactorAsync(user, isPersistent: false, loginProvider: CertificateSessions.Method(issuerId, serialNumber), bypassTwoFactor: false);
    }
}
