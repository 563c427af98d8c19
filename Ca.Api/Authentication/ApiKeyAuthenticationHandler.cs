using System.Security.Claims;
using System.Text.Encodings.Web;
using Ca.Api.Problems;
using Ca.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ca.Api.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the hashed
/// keys in storage, or, without a key, a TLS client certificate this PKI issued (mutual TLS). Failures
/// are counted per source and logged once per burst, without the presented secret.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AccountService accounts,
    ClientCertificateAuthenticator certificates,
    AuthenticationFailureMonitor failures,
    ClientErrorLog clientErrors)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = PresentedSecret(Request);
        if (secret is null)
        {
            return await AuthenticateClientCertificateAsync();
        }

        var account = await accounts.AuthenticateAsync(secret, Context.RequestAborted);
        if (account is null)
        {
            await RecordFailureAsync("API key", "invalid, expired or revoked");
            return AuthenticateResult.Fail("Invalid, expired or revoked API key.");
        }

        return Success(account, SchemeName);
    }

    // Mutual TLS: a client certificate this PKI issued (id-kp-clientAuth) logs in as the account that requested it.
    private async Task<AuthenticateResult> AuthenticateClientCertificateAsync()
    {
        var certificate = Context.Connection.ClientCertificate ?? await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        if (certificate is null)
        {
            return AuthenticateResult.NoResult();
        }

        var (account, failure) = await certificates.AuthenticateAsync(certificate.RawData, Context.RequestAborted);
        if (account is null)
        {
            await RecordFailureAsync("client certificate", failure ?? "rejected");
            return AuthenticateResult.Fail($"Client certificate rejected: {failure}.");
        }

        return Success(account, "ClientCertificate");
    }

    private async Task RecordFailureAsync(string credential, string reason)
    {
        var source = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (clientErrors.ShouldLog("authentication:" + credential, out var suppressed))
        {
            Logger.LogWarning("Rejected {Credential} from {Source} on {Method} {Path}: {Reason}; {Suppressed} more rejections of this kind were not logged since the previous line",
                credential, source, Request.Method, Request.Path, reason, suppressed);
        }

        await failures.RecordFailureAsync(source, Context.TraceIdentifier, Context.RequestAborted);
    }

    private static AuthenticateResult Success(Account account, string authenticationType)
    {

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id),
            new(ClaimTypes.Name, account.Name),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"pki\"";
        await ProblemResponse.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ProblemResponse.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your account's roles do not allow this operation.");

    private static string? PresentedSecret(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
