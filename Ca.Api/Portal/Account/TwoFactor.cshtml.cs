using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Ca.Api.Portal.Account;

/// <summary>
/// Enrolling an authenticator app (RFC 6238): a QR code of the otpauth URI, the secret as text for
/// typing, and a code to prove the app works. Only then is the second factor switched on and the
/// person's officer, auditor or admin role becomes active.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PortalPageModel
{
    private const string Issuer = "PkiService";

    [BindProperty]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }

    public string? Secret { get; private set; }

    public string? OtpAuthUri { get; private set; }

    public string? QrSvg { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : RedirectToPage("/Account/SignIn");

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        var code = Landing.NormalizeCode(Code);
        if (code.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            await signIn.RefreshSignInAsync(user);
            return Redirect("/dashboard?enrolled=1");
        }

        FieldError(nameof(Code), code.Length == 6 ? "TwoFactor.Error.Wrong" : "SignInCode.Error.Format");
        Code = null;
        await LoadAsync();
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return false;
        }

        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            return true;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        Secret = string.Join(' ', key!.Chunk(4).Select(group => new string(group)));
        OtpAuthUri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.UserName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(OtpAuthUri, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return true;
    }
}
