using Ca.Api.Endpoints;
using Ca.Api.Endpoints.Acme;
using Ca.Api.Observability;
using Ca.Api.Portal;
using Ca.Api.Problems;
using Ca.Api.Startup;

if (args is [HealthProbe.Command, .. var serviceArguments])
{
    return await HealthProbe.RunAsync(serviceArguments);
}

if (args is [CeremonyCommand.Command, .. var ceremonyArguments])
{
    return await CeremonyCommand.RunAsync(ceremonyArguments);
}

if (Ca.Api.Operations.OperationsCommands.Handles(args))
{
    return await Ca.Api.Operations.OperationsCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultListenAddress();
builder.WebHost.ConfigureKestrel(o =>
{
    o.AddServerHeader = false;

    // HTTPS endpoints (configured under Kestrel:Endpoints) ask for a client certificate but do not
    // judge it: the authentication handler accepts only certificates this PKI issued and has not revoked.
    o.ConfigureHttpsDefaults(https =>
    {
        https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (_, _, _) => true;
    });
});
builder.AddPkiServices();
builder.AddPortal();

var app = builder.Build();

// Building the pipeline resolves services that read the KEK (the portal's key ring), so a refusal may come
// from here as well as from initialization.
try
{
    app.UseMiddleware<SecurityHeadersMiddleware>();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UsePortal();
    app.UseSwagger();
    app.UseSwaggerUI(o => o.DocumentTitle = "PkiService API");
    app.UseRouting();
    app.UseAuthentication();
    app.UseRateLimiter();
    app.UseAuthorization();
    app.UseMiddleware<RequestSizeLimitMiddleware>();

    app.MapPkiHealth();
    app.MapPkiObservability();
    app.MapAuthorityEndpoints();
    app.MapProfileEndpoints();
    app.MapCertificateRequestEndpoints();
    app.MapCertificateEndpoints();
    app.MapAccountEndpoints();
    app.MapAuditEndpoints();
    app.MapPkiRevocation();
    app.MapPkiDocuments();
    app.MapAcme();
    app.MapPortal();

    await app.InitializePkiAsync();
}
catch (StartupRefusedException refused)
{
    // The operator's to fix, not a bug: one line, no stack trace, a non-zero exit.
    app.Logger.LogCritical("Refusing to start: {Reason}", refused.Message);
    await app.DisposeAsync(); // flushes the console logger
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
