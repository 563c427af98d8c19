using Ca.Api.Endpoints;
using Ca.Api.Endpoints.Acme;
using Ca.Api.Problems;
using Ca.Api.Startup;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
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

var app = builder.Build();

app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "PkiService API");
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<RequestSizeLimitMiddleware>();

app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
app.MapAuthorityEndpoints();
app.MapProfileEndpoints();
app.MapCertificateRequestEndpoints();
app.MapCertificateEndpoints();
app.MapAccountEndpoints();
app.MapAuditEndpoints();
app.MapPkiRevocation();
app.MapPkiDocuments();
app.MapAcme();

await app.InitializePkiAsync();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
